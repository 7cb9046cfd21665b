// `goldset db migrate` on a fresh SQLite file and a fresh PostgreSQL database, and `goldset db copy`
// end to end through the CLI's entry point.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, expect, it, vi } from "vitest";
import { openDatabase, openReadOnlyDatabase } from "@/db";
import { createPgTestDatabase, describePg, describeSqlite } from "@/db/pg-test-support";
import { rawExec, rawRow } from "@/db/raw-sql";
import { schemaDefinition } from "@/db/schema-definition";
import { main } from "./main";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-cli-db-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.restoreAllMocks();
  delete process.env.GOLDSET_DATABASE_URL;
});

/** The migrations a folder holds, in the order they apply (drizzle's journal), so the expected output follows a new migration. */
function migrationTags(folder: string): string[] {
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  return journal.entries.map((entry) => entry.tag);
}
const SQLITE_MIGRATIONS = migrationTags(join("db", "migrations"));
const PG_MIGRATIONS = migrationTags(join("db", "migrations-pg"));
const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Runs the CLI, returning its exit code and what it printed. */
async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((err += String(chunk)), true));
  try {
    const code = await main(argv);
    return { code, out, err };
  } finally {
    vi.restoreAllMocks();
  }
}

describeSqlite("goldset db migrate on SQLite", () => {
  it("creates and migrates a fresh file, then says it is up to date", async () => {
    process.env.GOLDSET_DB = join(dir, "fresh.db");
    const first = await run(["db", "migrate"]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^SQLite .*fresh\\.db: applied ${SQLITE_MIGRATIONS.length} migration\\(s\\): ${escaped(SQLITE_MIGRATIONS.join(", "))}\n$`));
    // Read-only and never migrating, so only the CLI can have made the table.
    const migrated = await openReadOnlyDatabase(process.env.GOLDSET_DB);
    expect(await rawRow(migrated, `select count(*) as n from sqlite_master where name = 'annotations'`)).toEqual({ n: 1 });
    await migrated.$close();
    const second = await run(["db", "migrate"]);
    expect(second).toMatchObject({ code: 0, out: expect.stringMatching(/: up to date\n$/) as unknown });
  });

  it("refuses a stray argument with a usage message", async () => {
    const result = await run(["db", "migrate", "--force"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/usage: goldset db migrate/);
  });
});

describePg("goldset db migrate and copy on PostgreSQL", () => {
  it("migrates a fresh database (GOLDSET_DATABASE_URL), then says it is up to date", async () => {
    const target = await createPgTestDatabase({ migrate: false });
    try {
      process.env.GOLDSET_DATABASE_URL = target.url;
      const first = await run(["db", "migrate"]);
      expect(first.code).toBe(0);
      expect(first.out).toMatch(new RegExp(`^PostgreSQL .*: applied ${PG_MIGRATIONS.length} migration\\(s\\): ${escaped(PG_MIGRATIONS.join(", "))}\n$`));
      expect((await target.pool.query(`select to_regclass('public.annotations') is not null as ok`)).rows[0].ok).toBe(true);
      const second = await run(["db", "migrate"]);
      expect(second.code).toBe(0);
      expect(second.out).toContain(`up to date (${PG_MIGRATIONS.length} migrations, latest ${PG_MIGRATIONS.at(-1)})`);
    } finally {
      await target.drop();
    }
  });

  it("copies a SQLite database through the CLI, with progress lines on a non-terminal stderr, and refuses a second time", async () => {
    process.env.GOLDSET_DB = join(dir, "to-copy.db");
    expect((await run(["db", "migrate"])).code).toBe(0);
    const source = await openDatabase(process.env.GOLDSET_DB);
    await rawExec(source, `insert into users (id, email, name, password_hash, created_at) values ('u1', 'a@example.org', 'A', 'x', 1)`);
    await source.$close();
    const target = await createPgTestDatabase({ migrate: false });
    try {
      const copied = await run(["db", "copy", "--from", process.env.GOLDSET_DB, "--to", target.url]);
      expect(copied.err).toMatch(/copy: .*1\/1 rows/);
      expect(copied.code).toBe(0);
      expect(copied.out).toMatch(
        new RegExp(`^copied 1 rows in ${Object.keys(schemaDefinition).length} tables in [\\d.]+ s \\(after applying ${PG_MIGRATIONS.length} migration\\(s\\) to the target\\)\n  users +1\nverified: row counts of every table; 0 export snapshot\\(s\\)`),
      );
      expect((await target.pool.query(`select id, email from users`)).rows).toEqual([{ id: "u1", email: "a@example.org" }]);
      const again = await run(["db", "copy", "--from", process.env.GOLDSET_DB, "--to", target.url]);
      expect(again.code).toBe(1);
      expect(again.err).toMatch(/not empty: table users holds rows/);
    } finally {
      await target.drop();
    }
  });

  it("refuses a --to that is not a PostgreSQL URL", async () => {
    const result = await run(["db", "copy", "--from", "x.db", "--to", "mysql://h/db"]);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/--to must be a postgres:\/\//);
  });
});
