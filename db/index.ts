// The one database handle. Opened lazily, migrated on first use, cached on globalThis so Next's
// dev reloads and the CLI share one connection per process.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { closeSync, existsSync, mkdirSync, openSync } from "node:fs";
import { dirname, join } from "node:path";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const globalForDb = globalThis as unknown as { goldsetDb?: Db; goldsetDbPath?: string };

export function openDatabase(path: string): Db {
  if (path !== ":memory:") createOwnerOnly(path);
  const sqlite = new Database(path);
  // First, so that even switching to WAL waits for another process instead of failing at once.
  sqlite.pragma("busy_timeout = 5000");
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrateOnce(sqlite, migrationsFolder());
  return withWriteLockUpFront(db);
}

/**
 * A second, read-only connection to the database file at `path`, for a worker thread that reads
 * beside the server's connection (WAL lets readers run while the one writer writes). It never
 * migrates: the server's connection already did. Transactions stay deferred, so they take no lock.
 */
export function openReadOnlyDatabase(path: string): Db {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  sqlite.pragma("busy_timeout = 5000");
  return drizzle(sqlite, { schema }) as Db;
}

/** The database, its WAL and its folder hold every label and password hash: owner only. */
function createOwnerOnly(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, "a", 0o600));
}

/**
 * A deferred transaction that reads and then writes cannot wait for the lock another connection
 * (the CLI, a second server) holds: SQLite answers SQLITE_BUSY at once. Taking the write lock at
 * BEGIN lets the busy timeout queue it instead. A caller may still ask for "deferred" explicitly.
 */
function withWriteLockUpFront(db: Db): Db {
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as Db["transaction"];
  return db;
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
      const last = sqlite.prepare(`SELECT created_at FROM "__drizzle_migrations" ORDER BY created_at DESC LIMIT 1`).get() as { created_at: number | string } | undefined;
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

export function getDb(): Db {
  const path = env().GOLDSET_DB;
  if (!globalForDb.goldsetDb || globalForDb.goldsetDbPath !== path) {
    globalForDb.goldsetDb = openDatabase(path);
    globalForDb.goldsetDbPath = path;
  }
  return globalForDb.goldsetDb;
}

export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;
