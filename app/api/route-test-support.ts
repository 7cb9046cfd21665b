// For route handler tests: the app's own database handle (getDb) on a fresh, migrated database,
// and requests signed in as a chosen user, or sent with a chosen access token. The test file mocks
// the request's credentials (lib/auth/session-claims) with `sessionFor` (vi.mock runs before
// imports, so it cannot live here); everything after that, the token's checks included, is real.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getDb, type Db } from "@/db";
import { getUserById } from "@/db/queries/users";
import { configuredDatabaseUrl, DIALECT } from "@/db/dialect/configured";
import { createPostgresTestDatabase } from "@/db/test-database";

/**
 * Who the mocked session belongs to; `sessionVersion` null means the account's current one (a live
 * session). `bearer` set: the request carries `Authorization: Bearer <bearer>` instead, and the
 * session is not read.
 */
export const signedIn: { userId: string | null; sessionVersion?: number | null; bearer?: string | null } = { userId: null };

export async function sessionFor() {
  if (typeof signedIn.bearer === "string") return { bearer: signedIn.bearer };
  if (!signedIn.userId) return null;
  const sv = signedIn.sessionVersion ?? (await getUserById({ db: await getDb(), id: signedIn.userId }))?.sessionVersion ?? -1;
  return { uid: signedIn.userId, sv };
}

/**
 * Points the app at a fresh database before anything reads it: a temporary SQLite file (GOLDSET_DB),
 * or, on the PostgreSQL pass, a fresh database on that server (GOLDSET_DATABASE_URL). Once per test file.
 */
export async function openRouteTestDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  process.env.NEXTAUTH_SECRET = "route-test-secret";
  if (DIALECT === "postgres") {
    const { url, drop } = await createPostgresTestDatabase(configuredDatabaseUrl()!);
    process.env.GOLDSET_DATABASE_URL = url;
    const db = await getDb();
    return {
      db,
      close: async () => {
        await db.$close();
        await drop();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), "goldset-route-test-"));
  process.env.GOLDSET_DB = join(dir, "test.db");
  const db = await getDb();
  return {
    db,
    close: async () => {
      await db.$close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function jsonPost(path: string, body: unknown): Request {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
}

export function routeParams<T extends Record<string, string>>(params: T): { params: Promise<T> } {
  return { params: Promise.resolve(params) };
}
