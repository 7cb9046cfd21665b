// The PostgreSQL schema (db/migrations-pg, applied by migratePostgres) must be the SQLite schema
// (db/migrations) in PostgreSQL's types: the same tables, columns, keys, indexes, foreign keys and
// triggers, with each column kind stored as db/dialect/*-columns.ts say, and the trigger-kept
// project_counts moving exactly as SQLite's triggers move them. Both sides are read back from the
// migrated databases, not from the drizzle schema, so a hand-written migration is checked too.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { readMigrationFiles } from "drizzle-orm/migrator";
import type pg from "pg";
import { schemaDefinition } from "./schema-definition";
import { TABLE, type ColumnKind, type ColumnDefs } from "./dialect/columns";
import { createPgTestDatabase, describePg, type PgTestDatabase } from "./pg-test-support";

// How each column kind is stored (declared type in SQLite, data type in PostgreSQL).
const REPRESENTATION: Record<ColumnKind, { sqlite: string; pg: string }> = {
  text: { sqlite: "text", pg: "text" },
  integer: { sqlite: "integer", pg: "integer" },
  id: { sqlite: "integer", pg: "integer" },
  boolean: { sqlite: "integer", pg: "boolean" },
  timestamp: { sqlite: "integer", pg: "bigint" },
  real: { sqlite: "real", pg: "double precision" },
  json: { sqlite: "text", pg: "json" },
  blob: { sqlite: "blob", pg: "bytea" },
};

// A PostgreSQL type read back, as the SQLite type of the same column. A type missing here fails.
const PG_TO_SQLITE_TYPE: Record<string, string> = {
  text: "text",
  integer: "integer",
  bigint: "integer",
  boolean: "integer",
  json: "text",
  "double precision": "real",
  bytea: "blob",
};

/** Defaults, spelled the same: casts dropped, both "now in epoch ms" expressions named alike. */
function normalizeDefault(value: string | null, dialect: "sqlite" | "pg"): string | null {
  if (value === null) return null;
  if (dialect === "sqlite" && /^\(?cast\(unixepoch\('subsec'\) \* 1000 as integer\)\)?$/i.test(value)) return "<now ms>";
  if (dialect === "pg" && /extract\(epoch from clock_timestamp\(\)\)/i.test(value)) return "<now ms>";
  return value.replace(/::[a-z ]+$/, "").toLowerCase();
}

interface Column {
  type: string;
  notNull: boolean;
  default: string | null;
  generated: boolean;
}
interface Index {
  columns: string[];
  unique: boolean;
}
interface ForeignKey {
  columns: string[];
  table: string;
  references: string[];
  onDelete: string;
}
interface Shape {
  tables: string[];
  columns: Record<string, Record<string, Column>>;
  primaryKeys: Record<string, string[]>;
  indexes: Record<string, Record<string, Index>>;
  foreignKeys: Record<string, ForeignKey[]>;
  triggers: string[];
}

const sortFks = (fks: ForeignKey[]) => fks.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

function migratedSqlite(path: string): Database.Database {
  const sqlite = new Database(path);
  sqlite.pragma("foreign_keys = ON");
  for (const migration of readMigrationFiles({ migrationsFolder: join(process.cwd(), "db", "migrations") }))
    for (const statement of migration.sql) if (statement.trim()) sqlite.exec(statement);
  return sqlite;
}

function sqliteShape(sqlite: Database.Database): Shape {
  type Row = Record<string, unknown>;
  const tables = (
    sqlite
      .prepare("select name, sql from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '__drizzle%' order by name")
      .all() as Row[]
  ).map((r) => ({ name: r.name as string, sql: r.sql as string }));
  const shape: Shape = { tables: tables.map((t) => t.name), columns: {}, primaryKeys: {}, indexes: {}, foreignKeys: {}, triggers: [] };
  for (const { name, sql } of tables) {
    const info = sqlite.prepare(`select * from pragma_table_info(?)`).all(name) as Row[];
    shape.columns[name] = {};
    for (const c of info) {
      const generated = (c.pk as number) > 0 && /autoincrement/i.test(sql) && String(c.type).toLowerCase() === "integer";
      shape.columns[name][c.name as string] = {
        type: String(c.type).toLowerCase(),
        notNull: c.notnull === 1,
        default: normalizeDefault(c.dflt_value as string | null, "sqlite"),
        generated,
      };
    }
    shape.primaryKeys[name] = info
      .filter((c) => (c.pk as number) > 0)
      .sort((a, b) => (a.pk as number) - (b.pk as number))
      .map((c) => c.name as string);
    shape.indexes[name] = {};
    for (const index of sqlite.prepare(`select * from pragma_index_list(?)`).all(name) as Row[]) {
      if (index.origin === "pk") continue;
      const columns = (sqlite.prepare(`select * from pragma_index_info(?) order by seqno`).all(index.name) as Row[]).map((r) => r.name as string);
      shape.indexes[name][index.name as string] = { columns, unique: index.unique === 1 };
    }
    const fks = new Map<number, ForeignKey>();
    for (const fk of sqlite.prepare(`select * from pragma_foreign_key_list(?) order by id, seq`).all(name) as Row[]) {
      const entry = fks.get(fk.id as number) ?? { columns: [], table: fk.table as string, references: [], onDelete: String(fk.on_delete).toLowerCase() };
      entry.columns.push(fk.from as string);
      entry.references.push(fk.to as string);
      fks.set(fk.id as number, entry);
    }
    shape.foreignKeys[name] = sortFks([...fks.values()]);
  }
  shape.triggers = (sqlite.prepare("select name from sqlite_master where type = 'trigger' order by name").all() as Row[]).map((r) => r.name as string);
  return shape;
}

const PG_ON_DELETE: Record<string, string> = { a: "no action", r: "restrict", c: "cascade", n: "set null", d: "set default" };

async function pgShape(client: pg.Pool): Promise<Shape> {
  const tables = (
    await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    )
  ).rows.map((r) => r.table_name);
  const shape: Shape = { tables, columns: {}, primaryKeys: {}, indexes: {}, foreignKeys: {}, triggers: [] };
  for (const name of tables) {
    shape.columns[name] = {};
    shape.indexes[name] = {};
    shape.primaryKeys[name] = [];
    shape.foreignKeys[name] = [];
  }
  const columns = await client.query<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_identity: string;
  }>("select table_name, column_name, data_type, is_nullable, column_default, is_identity from information_schema.columns where table_schema = 'public'");
  for (const c of columns.rows) {
    shape.columns[c.table_name]![c.column_name] = {
      type: c.data_type,
      notNull: c.is_nullable === "NO",
      default: normalizeDefault(c.column_default, "pg"),
      generated: c.is_identity === "YES",
    };
  }
  const indexes = await client.query<{ table_name: string; index_name: string; unique: boolean; primary: boolean; columns: string[] }>(`
    select t.relname as table_name, i.relname as index_name, x.indisunique as unique, x.indisprimary as primary,
      array(select a.attname from unnest(x.indkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum order by k.n)::text[] as columns
    from pg_index x join pg_class t on t.oid = x.indrelid join pg_class i on i.oid = x.indexrelid join pg_namespace s on s.oid = t.relnamespace
    where s.nspname = 'public'`);
  for (const index of indexes.rows) {
    if (index.primary) shape.primaryKeys[index.table_name] = index.columns;
    else shape.indexes[index.table_name]![index.index_name] = { columns: index.columns, unique: index.unique };
  }
  const fks = await client.query<{ table_name: string; columns: string[]; target: string; references: string[]; on_delete: string }>(`
    select t.relname as table_name, f.relname as target, c.confdeltype as on_delete,
      array(select a.attname from unnest(c.conkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.attnum order by k.n)::text[] as columns,
      array(select a.attname from unnest(c.confkey) with ordinality k(attnum, n) join pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.attnum order by k.n)::text[] as references
    from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_class f on f.oid = c.confrelid join pg_namespace s on s.oid = t.relnamespace
    where c.contype = 'f' and s.nspname = 'public'`);
  for (const fk of fks.rows)
    shape.foreignKeys[fk.table_name]!.push({
      columns: fk.columns,
      table: fk.target,
      references: fk.references,
      onDelete: PG_ON_DELETE[fk.on_delete] ?? fk.on_delete,
    });
  for (const name of tables) sortFks(shape.foreignKeys[name]!);
  shape.triggers = (
    await client.query<{ tgname: string }>(
      "select distinct tgname from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace s on s.oid = c.relnamespace where not t.tgisinternal and s.nspname = 'public' order by tgname",
    )
  ).rows.map((r) => r.tgname);
  return shape;
}

/** The PostgreSQL shape in SQLite's types, through PG_TO_SQLITE_TYPE. */
function asSqliteTypes(shape: Shape): Shape {
  const columns: Shape["columns"] = {};
  for (const [table, cols] of Object.entries(shape.columns)) {
    columns[table] = {};
    for (const [name, column] of Object.entries(cols)) {
      const type = PG_TO_SQLITE_TYPE[column.type];
      if (!type) throw new Error(`${table}.${name}: PostgreSQL type ${column.type} has no SQLite counterpart in the mapping`);
      // PostgreSQL spells boolean defaults true/false, as drizzle's SQLite migrations do.
      columns[table][name] = { ...column, type };
    }
  }
  return { ...shape, columns };
}

// Full-text search over items.text and annotations.note is built with each database's own engine, so its objects
// differ by design (docs/decisions/0002: the dialect difference lives in db/dialect/sql.ts,
// itemTextOrNotesMatch): SQLite has FTS5 virtual tables (with the shadow tables FTS5 makes for it)
// kept in step by three triggers (db/migrations/0012); PostgreSQL has a generated tsvector column
// with a GIN index (db/migrations-pg/0003) and needs no trigger. They are taken out of both shapes
// before the comparison, after checking each side has exactly its own, so that losing one fails.
const TEXT_SEARCH = {
  sqliteTables: [
    "annotation_notes_fts",
    "annotation_notes_fts_config",
    "annotation_notes_fts_content",
    "annotation_notes_fts_data",
    "annotation_notes_fts_docsize",
    "annotation_notes_fts_idx",
    "items_fts",
    "items_fts_config",
    "items_fts_data",
    "items_fts_docsize",
    "items_fts_idx",
  ],
  sqliteTriggers: ["annotation_notes_fts_delete", "annotation_notes_fts_insert", "annotation_notes_fts_update", "items_fts_delete", "items_fts_insert", "items_fts_update"],
  pgColumns: [
    { table: "items", column: "text_search", type: "tsvector" },
    { table: "annotations", column: "note_search", type: "tsvector" },
  ],
  pgIndexes: [
    { table: "items", index: "items_text_search_idx", columns: ["text_search"] },
    { table: "annotations", index: "annotations_note_search_idx", columns: ["note_search"] },
  ],
};

function withoutSqliteTextSearch(shape: Shape): Shape {
  const tables = shape.tables.filter((t) => !TEXT_SEARCH.sqliteTables.includes(t));
  expect(shape.tables.filter((t) => TEXT_SEARCH.sqliteTables.includes(t))).toEqual(TEXT_SEARCH.sqliteTables);
  expect(shape.triggers.filter((t) => TEXT_SEARCH.sqliteTriggers.includes(t))).toEqual(TEXT_SEARCH.sqliteTriggers);
  return { ...shape, tables, triggers: shape.triggers.filter((t) => !TEXT_SEARCH.sqliteTriggers.includes(t)) };
}

function withoutPgTextSearch(shape: Shape): Shape {
  let columns = shape.columns;
  let indexes = shape.indexes;
  for (const { table, column, type } of TEXT_SEARCH.pgColumns) {
    expect(columns[table]?.[column]?.type).toBe(type);
    const { [column]: _column, ...rest } = columns[table]!;
    columns = { ...columns, [table]: rest };
  }
  for (const { table, index, columns: indexed } of TEXT_SEARCH.pgIndexes) {
    expect(indexes[table]?.[index]).toEqual({ columns: indexed, unique: false });
    const { [index]: _index, ...rest } = indexes[table]!;
    indexes = { ...indexes, [table]: rest };
  }
  return { ...shape, columns, indexes };
}

let dir: string;
let sqlite: Database.Database;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "goldset-parity-"));
  sqlite = migratedSqlite(join(dir, "parity.db"));
});
afterAll(() => {
  sqlite?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the SQLite schema", () => {
  it("stores every column of the schema definition as its kind says", () => {
    const shape = sqliteShape(sqlite);
    for (const def of Object.values(schemaDefinition)) {
      const { name, columns } = def[TABLE];
      for (const column of Object.values(columns as ColumnDefs))
        expect(`${name}.${column.config.name}: ${shape.columns[name]?.[column.config.name]?.type}`).toBe(
          `${name}.${column.config.name}: ${REPRESENTATION[column.config.kind].sqlite}`,
        );
    }
  });
});

describePg("the PostgreSQL schema", () => {
  let database: PgTestDatabase;
  beforeAll(async () => {
    database = await createPgTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("stores every column of the schema definition as its kind says", async () => {
    const shape = await pgShape(database.pool);
    for (const def of Object.values(schemaDefinition)) {
      const { name, columns } = def[TABLE];
      for (const column of Object.values(columns as ColumnDefs))
        expect(`${name}.${column.config.name}: ${shape.columns[name]?.[column.config.name]?.type}`).toBe(
          `${name}.${column.config.name}: ${REPRESENTATION[column.config.kind].pg}`,
        );
    }
  });

  it("has SQLite's tables, columns, keys, indexes, foreign keys and triggers", async () => {
    const fromSqlite = withoutSqliteTextSearch(sqliteShape(sqlite));
    const fromPg = asSqliteTypes(withoutPgTextSearch(await pgShape(database.pool)));
    expect(fromPg.tables).toEqual(fromSqlite.tables);
    for (const table of fromSqlite.tables) {
      expect({ table, columns: fromPg.columns[table] }).toEqual({ table, columns: fromSqlite.columns[table] });
      expect({ table, primaryKey: fromPg.primaryKeys[table] }).toEqual({ table, primaryKey: fromSqlite.primaryKeys[table] });
      expect({ table, indexes: fromPg.indexes[table] }).toEqual({ table, indexes: fromSqlite.indexes[table] });
      expect({ table, foreignKeys: fromPg.foreignKeys[table] }).toEqual({ table, foreignKeys: fromSqlite.foreignKeys[table] });
    }
    expect(fromPg.triggers).toEqual(fromSqlite.triggers);
  });

  it("keeps project_counts as SQLite's triggers do", async () => {
    // One script, run on both databases (the SQL is valid in both: SQLite reads true/false as 1/0).
    const steps: [string, string][] = [
      ["users", `insert into "users" ("id", "email", "name", "password_hash") values ('u1', 'u1@example.org', 'U1', 'x')`],
      ["projects", `insert into "projects" ("id", "slug", "name", "task_type") values ('p1', 'p1', 'P1', 'single_label'), ('p2', 'p2', 'P2', 'multi_label')`],
      [
        "items (no trigger)",
        `insert into "items" ("id", "project_id", "external_id", "text", "content_hash") values (1, 'p1', 'a', 'a', 'ha'), (2, 'p1', 'b', 'b', 'hb'), (3, 'p1', 'c', 'c', 'hc'), (4, 'p2', 'd', 'd', 'hd')`,
      ],
      ["the import's own count", `update "project_counts" set "items" = "items" + 3, "open_items" = "open_items" + 3 where "project_id" = 'p1'`],
      ["close an item", `update "items" set "open" = false where "id" = 1`],
      ["close it again", `update "items" set "open" = false where "id" = 1`],
      ["write another column", `update "items" set "labelled_by" = 2 where "project_id" = 'p1'`],
      ["close and reopen in bulk", `update "items" set "open" = not "open" where "project_id" = 'p1'`],
      [
        "labels and a retraction",
        `insert into "annotations" ("id", "project_id", "item_id", "annotator_id", "kind", "labels") values ('a1', 'p1', 2, 'u1', 'label', '["ham"]'), ('a2', 'p1', 3, 'u1', 'label', '["spam"]'), ('a3', 'p1', 3, 'u1', 'retraction', '[]'), ('a4', 'p2', 4, 'u1', 'label', '["x"]')`,
      ],
      ["delete a retraction", `delete from "annotations" where "id" = 'a3'`],
      ["delete a label", `delete from "annotations" where "id" = 'a2'`],
      ["delete an open item", `delete from "items" where "id" = 1`],
      ["delete a closed item", `delete from "items" where "id" = 3`],
    ];
    const countsSql = `select "project_id", "items", "open_items", "label_submissions" from "project_counts" order by "project_id"`;
    const trail = async (run: (sql: string) => Promise<Record<string, unknown>[]>) => {
      const seen: Record<string, unknown>[] = [];
      for (const [step, statement] of steps) {
        await run(statement);
        seen.push({ step, counts: (await run(countsSql)).map((r) => `${r.project_id as string}: ${r.items}/${r.open_items}/${r.label_submissions}`) });
      }
      return seen;
    };
    const onSqlite = await trail(async (statement) =>
      /^select/.test(statement) ? (sqlite.prepare(statement).all() as Record<string, unknown>[]) : (sqlite.exec(statement), []),
    );
    const onPg = await trail(async (statement) => (await database.pool.query(statement)).rows as Record<string, unknown>[]);
    expect(onPg).toEqual(onSqlite);
    // What SQLite's triggers did, written out, so that both going wrong the same way fails too.
    expect(onSqlite.at(-1)).toEqual({ step: "delete a closed item", counts: ["p1: 1/0/1", "p2: 0/0/1"] });
    expect(onSqlite.find((s) => s.step === "close and reopen in bulk")).toEqual({ step: "close and reopen in bulk", counts: ["p1: 3/1/0", "p2: 0/0/0"] });
  });
});
