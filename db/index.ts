// The one database handle. Opened lazily, migrated on first use, cached on globalThis so Next's
// dev reloads and the CLI share one connection per process.
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import * as schema from "./schema";
import { env } from "@/lib/env";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

const globalForDb = globalThis as unknown as { goldsetDb?: Db; goldsetDbPath?: string };

export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  // WAL + NORMAL is durable across application crashes; only an OS crash can lose the last commit.
  sqlite.pragma("synchronous = NORMAL");
  const db = drizzle(sqlite, { schema }) as Db;
  migrate(db, { migrationsFolder: migrationsFolder() });
  return db;
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
