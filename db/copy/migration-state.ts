// Where a database stands against the migrations this code ships: how many of them it lacks, and
// which. Both databases record applied migrations as drizzle does (hash, created_at = the
// migration's folder time), so "pending" is every migration newer than the last one recorded.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";

export function sqliteMigrationsFolder(): string {
  return process.env.GOLDSET_MIGRATIONS_DIR ?? join(process.cwd(), "db", "migrations");
}

export function pgMigrationsFolder(): string {
  return process.env.GOLDSET_MIGRATIONS_PG_DIR ?? join(process.cwd(), "db", "migrations-pg");
}

export type MigrationStatus = { latest: number; pending: string[]; ahead: boolean };

/** The migrations of `folder` newer than `lastApplied` (epoch ms, undefined when none is), by tag. */
export function migrationStatus(folder: string, lastApplied: number | undefined): MigrationStatus {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const journal = JSON.parse(readFileSync(join(folder, "meta", "_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };
  const tagOf = new Map(journal.entries.map((e) => [e.when, e.tag]));
  const latest = Math.max(0, ...migrations.map((m) => m.folderMillis));
  const pending = migrations
    .filter((m) => lastApplied === undefined || lastApplied < m.folderMillis)
    .map((m) => tagOf.get(m.folderMillis) ?? String(m.folderMillis));
  return { latest, pending, ahead: lastApplied !== undefined && lastApplied > latest };
}
