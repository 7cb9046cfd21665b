// The source of `goldset db copy`: a Goldset SQLite file, opened read-only, checked to be a Goldset
// database whose migrations match this code's, and read inside one read transaction so every table
// comes from the same moment even if the app keeps writing to it (WAL gives readers a snapshot).
import Database from "better-sqlite3";
import { existsSync } from "node:fs";
import { GoldsetError } from "@/lib/errors";
import { ident, type CopyTable } from "./copy-plan";
import { migrationStatus, sqliteMigrationsFolder } from "./migration-state";

export type SqliteSource = {
  sqlite: Database.Database;
  close: () => void;
};

export function openSqliteSource(path: string, tables: CopyTable[], migrationsFolder = sqliteMigrationsFolder()): SqliteSource {
  if (!existsSync(path)) throw new GoldsetError("not_found", `${path}: no such file`);
  let sqlite: Database.Database;
  try {
    sqlite = new Database(path, { readonly: true, fileMustExist: true });
    sqlite.pragma("busy_timeout = 5000");
    sqlite.prepare("select count(*) from sqlite_master").get();
  } catch (error) {
    throw new GoldsetError("bad_request", `${path} is not a SQLite database (${(error as Error).message})`);
  }
  try {
    const hasMigrations = sqlite.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
    if (!hasMigrations) throw new GoldsetError("bad_request", `${path} is not a Goldset database (it has no migration history)`);
    const last = sqlite.prepare(`select created_at from "__drizzle_migrations" order by created_at desc limit 1`).get() as { created_at: number | string } | undefined;
    const status = migrationStatus(migrationsFolder, last === undefined ? undefined : Number(last.created_at));
    if (status.pending.length > 0) {
      throw new GoldsetError(
        "conflict",
        `${path} lacks ${status.pending.length} migration(s) of this Goldset (${status.pending.join(", ")}): run \`GOLDSET_DB=${path} goldset db migrate\` on it first`,
      );
    }
    if (status.ahead) throw new GoldsetError("conflict", `${path} was migrated by a newer Goldset than this one: copy it with that release`);
    for (const table of tables) {
      const present = new Set((sqlite.prepare(`select name from pragma_table_info(?)`).all(table.name) as { name: string }[]).map((r) => r.name));
      if (present.size === 0) throw new GoldsetError("bad_request", `${path} is not a Goldset database (it has no table ${table.name})`);
      const missing = table.columns.filter((c) => !present.has(c.name)).map((c) => c.name);
      if (missing.length > 0) throw new GoldsetError("bad_request", `${path}: table ${table.name} lacks column(s) ${missing.join(", ")}`);
    }
    // One read transaction for everything that follows: the first read takes the snapshot.
    sqlite.exec("begin");
    sqlite.prepare("select count(*) from sqlite_master").get();
  } catch (error) {
    sqlite.close();
    throw error;
  }
  return {
    sqlite,
    close: () => {
      if (sqlite.inTransaction) sqlite.exec("rollback");
      sqlite.close();
    },
  };
}

export function countRows(source: SqliteSource, table: CopyTable): number {
  return (source.sqlite.prepare(`select count(*) as n from ${ident(table.name)}`).get() as { n: number }).n;
}

/**
 * The rows of `table` as arrays (one value per copy column, decoded by the SQLite columns: Dates,
 * booleans, Buffers), `pageSize` at a time, by rowid (keyset: each page is one index range scan).
 * JSON columns stay the text SQLite holds, so the target receives exactly those bytes.
 */
export function* readPages(source: SqliteSource, table: CopyTable, pageSize: number): Generator<unknown[][]> {
  const select = source.sqlite
    .prepare(`select rowid, ${table.columns.map((c) => ident(c.name)).join(", ")} from ${ident(table.name)} where rowid > ? order by rowid limit ?`)
    .raw(true);
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const raw = select.all(after, pageSize) as unknown[][];
    if (raw.length === 0) return;
    after = raw[raw.length - 1]![0] as number;
    yield raw.map((row) =>
      table.columns.map((column, i) => {
        const value = row[i + 1];
        if (value === null || value === undefined || column.kind === "json") return value ?? null;
        return column.sqlite.mapFromDriverValue(value);
      }),
    );
    if (raw.length < pageSize) return;
  }
}
