// For tests that need PostgreSQL. They run when GOLDSET_TEST_PG_URL names a server (CI's .ci/run
// and `npm test:pg` start a throwaway one: scripts/postgres-cluster.sh) and are skipped otherwise
// (db/pg-test-global-setup.ts says so once per run). Each test file gets a database of its own,
// created on that server under a random name and dropped afterwards, so files run in parallel.
import { describe } from "vitest";
import pg from "pg";
import { createPostgresTestDatabase } from "./test-database";
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

/** A new database on the GOLDSET_TEST_PG_URL server, with a pool on it; migrated unless `migrate` is false. */
export async function createPgTestDatabase(options: { migrate?: boolean } = {}): Promise<PgTestDatabase> {
  if (!TEST_PG_URL) throw new Error("GOLDSET_TEST_PG_URL is not set");
  const { url, drop } = await createPostgresTestDatabase(TEST_PG_URL, options);
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  // The database is dropped WITH (FORCE) at the end: a client whose own end is still in flight
  // then hears the server terminate it, which an idle pool reports as an 'error' event. Expected
  // during teardown, so heard here instead of crashing the test run.
  pool.on("error", () => undefined);
  return {
    url,
    pool,
    drop: async () => {
      await pool.end();
      await drop();
    },
  };
}
