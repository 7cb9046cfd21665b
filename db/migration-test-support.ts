// For tests of a data migration: a migrations folder holding only the journal's entries before a
// given migration, so a test can build a database as an older Goldset left it, then open it as
// the app does and see the migration run.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const MIGRATIONS = join(process.cwd(), "db", "migrations");

/**
 * Writes, under `workDir`, a migrations folder with the journal's entries before `tag`, and returns
 * its path. `from` is the SQLite history unless given (db/migrations-pg for PostgreSQL's).
 */
export function migrationsBefore(tag: string, workDir: string, from: string = MIGRATIONS): string {
  const folder = join(workDir, "migrations-before");
  mkdirSync(join(folder, "meta"), { recursive: true });
  const journal = JSON.parse(readFileSync(join(from, "meta", "_journal.json"), "utf8")) as { entries: { tag: string }[] };
  const index = journal.entries.findIndex((entry) => entry.tag === tag);
  if (index <= 0) throw new Error(`migration ${tag} is not in the journal after the first entry`);
  const entries = journal.entries.slice(0, index);
  writeFileSync(join(folder, "meta", "_journal.json"), JSON.stringify({ ...journal, entries }));
  for (const entry of entries) copyFileSync(join(from, `${entry.tag}.sql`), join(folder, `${entry.tag}.sql`));
  return folder;
}
