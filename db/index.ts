// The one database handle. Opened lazily, migrated on first use, cached on globalThis so Next's
// dev reloads and the CLI share one connection per process.
import "server-only";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import { wrapSqlite, type SqliteDb } from "./sqlite-connection";
import { configuredDatabaseUrl, isPostgresUrl } from "./dialect/configured";
import { env } from "@/lib/env";

export type Db = SqliteDb;

const globalForDb = globalThis as unknown as { goldsetDb?: Promise<Db>; goldsetDbPath?: string };

export async function openDatabase(path: string): Promise<Db> {
  if (path !== ":memory:") createOwnerOnly(path);
  const sqlite = new Database(path);
  // First, so that even switching to WAL waits for another process instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  migrateOnce(sqlite, migrationsFolder());
  return wrapSqlite(sqlite, { writeLockUpFront: true });
}

/**
 * A connection of its own to the database at `location` (a SQLite file or a PostgreSQL URL, as
 * `db.$location` gives it), for a worker thread that reads beside the server's connection (WAL lets
 * SQLite readers run while the one writer writes). It never migrates: the server's connection
 * already did. SQLite transactions stay deferred here, so they take no lock.
 */
export async function openReadOnlyDatabase(location: string): Promise<Db> {
  if (isPostgresUrl(location)) {
    const { openPostgres } = await import("./postgres-connection");
    return openPostgres(location, { migrate: false, max: 2 });
  }
  const sqlite = new Database(location, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return wrapSqlite(sqlite, { writeLockUpFront: false });
}

/** The database, its WAL and its folder hold every label and password hash: owner only. */
function createOwnerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
}

/**
 * drizzle's migrator reads the last applied migration before its own (deferred) BEGIN, so two
 * processes opening a fresh file both apply the first migration and one fails. Same table, same
 * rows as drizzle's, but read and applied under one write lock.
 */
function migrateOnce(sqlite: Database.Database, folder: string): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  sqlite
    .transaction(() => {
      sqlite.exec(`CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)`);
      const last = sqlite.prepare(`SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`).get() as
        { created_at: number | string } | undefined;
      for (const migration of migrations) {
        if (last && Number(last.created_at) >= migration.folderMillis) continue;
        for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
        sqlite.prepare(`INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)`).run(migration.hash, migration.folderMillis);
      }
    })
    .immediate();
}

// The CLI sets GOLDSET_MIGRATIONS_DIR from its own location; the app runs from the repo root.
function migrationsFolder(): string {
  return env().GOLDSET_MIGRATIONS_DIR ?? join(process.cwd(), "db", "migrations");
}

/**
 * The process's database: PostgreSQL when GOLDSET_DATABASE_URL names one (migrated on first use),
 * else the SQLite file GOLDSET_DB.
 */
export function getDb(): Promise<Db> {
  const url = configuredDatabaseUrl();
  const where = isPostgresUrl(url) ? url : env().GOLDSET_DB;
  if (!globalForDb.goldsetDb || globalForDb.goldsetDbPath !== where) {
    // The promise is cached, not the handle: two first callers must not open two connections.
    globalForDb.goldsetDb = isPostgresUrl(url) ? import("./postgres-connection").then(({ openPostgres }) => openPostgres(url)) : openDatabase(where);
    globalForDb.goldsetDbPath = where;
  }
  return globalForDb.goldsetDb;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;
