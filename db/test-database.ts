// A real, migrated database for tests of db/queries: a SQLite file in a temporary folder, or, when
// the process runs on PostgreSQL (GOLDSET_DATABASE_URL, as `npm run test:pg` sets it), a fresh
// database on that server, dropped at close.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createHash, randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { openDatabase, type Db } from "./index";
import { configuredDatabaseUrl, DIALECT } from "./dialect/configured";

export async function openTestDatabase(): Promise<{ db: Db; close: () => Promise<void> }> {
  if (DIALECT === "postgres") return openPostgresTestDatabase(configuredDatabaseUrl()!);
  const dir = mkdtempSync(join(tmpdir(), "goldset-test-"));
  const db = await openDatabase(join(dir, "test.db"));
  return {
    db,
    close: async () => {
      await db.$close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A second connection to the database `db` is on, as a restarted app would open: the caller closes it. */
export async function openSecondConnection(db: Db): Promise<Db> {
  if (db.$dialect === "postgres") {
    const { openPostgres } = await import("./postgres-connection");
    return openPostgres(db.$location, { max: 2, migrate: false });
  }
  return openDatabase(db.$location);
}

/** The environment that points a child process (the CLI) at the database `db` is on. */
export function databaseEnvFor(db: Db): Record<string, string> {
  return db.$dialect === "postgres" ? { GOLDSET_DATABASE_URL: db.$location } : { GOLDSET_DB: db.$location };
}

async function openPostgresTestDatabase(serverUrl: string): Promise<{ db: Db; close: () => Promise<void> }> {
  const { url, drop } = await createPostgresTestDatabase(serverUrl);
  const { openPostgres } = await import("./postgres-connection");
  const db = await openPostgres(url, { max: 4, migrate: false });
  return {
    db,
    close: async () => {
      await db.$close();
      await drop();
    },
  };
}

/**
 * A fresh database on the server at `serverUrl`, migrated (copied from a migrated template) unless
 * `migrate` is false: its URL, and how to drop it. The one way tests make PostgreSQL databases.
 */
export async function createPostgresTestDatabase(serverUrl: string, options: { migrate?: boolean } = {}): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `goldset_test_${randomBytes(6).toString("hex")}`;
  const template = options.migrate === false ? "" : ` template "${await migratedTemplate(serverUrl)}"`;
  await onServer(serverUrl, `create database "${name}"${template}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => onServer(serverUrl, `drop database if exists "${name}" with (force)`) };
}

/**
 * A database on the server migrated once, named after the migrations it holds, that every test
 * database is copied from: copying a template takes a fraction of running the migrations each time.
 */
async function migratedTemplate(serverUrl: string): Promise<string> {
  const folder = join(process.cwd(), "db", "migrations-pg");
  const hash = createHash("sha256");
  for (const file of readdirSync(folder, { recursive: true, encoding: "utf8" }).sort()) {
    if (file.endsWith(".sql") || file.endsWith(".json")) hash.update(file).update(readFileSync(join(folder, file)));
  }
  const name = `goldset_template_${hash.digest("hex").slice(0, 16)}`;
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    // Test files start in parallel: one of them builds the template, the others wait for it.
    await client.query("select pg_advisory_lock(hashtext('goldset test template'))");
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount === 0) {
      await client.query(`create database "${name}"`);
      const url = new URL(serverUrl);
      url.pathname = `/${name}`;
      const pool = new pg.Pool({ connectionString: url.toString(), max: 1 });
      try {
        const { migratePostgres } = await import("./postgres-migrate");
        await migratePostgres(pool);
      } finally {
        await pool.end();
      }
    }
  } finally {
    await client.end();
  }
  return name;
}

async function onServer(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
