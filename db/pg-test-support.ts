// For tests that need PostgreSQL. They run when GOLDSET_TEST_PG_URL names a server (CI's .ci/run
// and `npm test:pg` start a throwaway one: scripts/postgres-cluster.sh) and are skipped otherwise
// (db/pg-test-global-setup.ts says so once per run). Each test file gets a database of its own,
// created on that server under a random name and dropped afterwards, so files run in parallel.
import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import pg from "pg";
import { migratePostgres } from "./postgres-migrate";
import { DIALECT } from "./dialect/configured";

export const TEST_PG_URL = process.env.GOLDSET_TEST_PG_URL;

/** `describe`, skipped when no PostgreSQL server is configured. */
export const describePg = describe.skipIf(!TEST_PG_URL);

/**
 * `describe` for tests of the SQLite side itself (its connection, its file, its old migrations, a
 * SQLite file seeded through the query code as a copy source): they run in the SQLite pass and are
 * skipped in the PostgreSQL pass (GOLDSET_DATABASE_URL), where the query code builds PostgreSQL tables.
 */
export const describeSqlite = describe.skipIf(DIALECT === "postgres");

/** `describePg` for tests that copy a SQLite file into PostgreSQL: both conditions above. */
export const describeSqliteToPg = describe.skipIf(!TEST_PG_URL || DIALECT === "postgres");

export interface PgTestDatabase {
  url: string;
  pool: pg.Pool;
  /** Closes the pool and drops the database. */
  drop: () => Promise<void>;
}

/** A new, empty database on the GOLDSET_TEST_PG_URL server; migrated unless `migrate` is false. */
export async function createPgTestDatabase(options: { migrate?: boolean } = {}): Promise<PgTestDatabase> {
  if (!TEST_PG_URL) throw new Error("GOLDSET_TEST_PG_URL is not set");
  const name = `goldset_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${name}`;
  const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
  if (options.migrate !== false) await migratePostgres(pool);
  return {
    url: url.toString(),
    pool,
    drop: async () => {
      await pool.end();
      const cleanup = new pg.Client({ connectionString: TEST_PG_URL });
      await cleanup.connect();
      try {
        await cleanup.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}
