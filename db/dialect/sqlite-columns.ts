// Builds the schema description (db/schema-definition.ts) as SQLite tables, exactly as the
// drizzle/sqlite-core helpers written out by hand would (migrations and types unchanged):
//   timestamp -> integer, mode timestamp_ms (epoch milliseconds)
//   boolean   -> integer, mode boolean (0/1)
//   json      -> text, mode json (the JSON text as written)
//   real      -> real; blob -> blob, mode buffer; id -> integer primary key autoincrement
import { sql, type SQL } from "drizzle-orm";
import type { $Type, HasDefault, IsPrimaryKey, NotNull } from "drizzle-orm/column-builder";
import {
  blob,
  index,
  integer,
  primaryKey,
  real,
  sqliteTable,
  text,
  uniqueIndex,
  type SQLiteBlobBufferBuilderInitial,
  type SQLiteBooleanBuilderInitial,
  type SQLiteColumn,
  type SQLiteColumnBuilderBase,
  type SQLiteIntegerBuilderInitial,
  type SQLiteRealBuilderInitial,
  type SQLiteTableWithColumns,
  type SQLiteTextBuilderInitial,
  type SQLiteTextJsonBuilderInitial,
  type SQLiteTimestampBuilderInitial,
} from "drizzle-orm/sqlite-core";
import type { BuildColumns } from "drizzle-orm/column-builder";
import { TABLE, type AnyColumnDef, type ColumnDef, type ColumnDefs, type ColumnState, type DialectDefault, type TableDef } from "./columns";

type Base<S extends ColumnState> = S["kind"] extends "text"
  ? SQLiteTextBuilderInitial<S["name"], S["enumValues"] extends [string, ...string[]] ? S["enumValues"] : [string, ...string[]], number | undefined>
  : S["kind"] extends "integer" | "id"
    ? SQLiteIntegerBuilderInitial<S["name"]>
    : S["kind"] extends "boolean"
      ? SQLiteBooleanBuilderInitial<S["name"]>
      : S["kind"] extends "timestamp"
        ? SQLiteTimestampBuilderInitial<S["name"]>
        : S["kind"] extends "real"
          ? SQLiteRealBuilderInitial<S["name"]>
          : S["kind"] extends "json"
            ? SQLiteTextJsonBuilderInitial<S["name"]>
            : SQLiteBlobBufferBuilderInitial<S["name"]>;

type Typed<S extends ColumnState, B extends SQLiteColumnBuilderBase> = S["typed"] extends true ? $Type<B, S["data"]> : B;
type Required<S extends ColumnState, B extends SQLiteColumnBuilderBase> = S["notNull"] extends true ? NotNull<B> : B;
// An integer primary key is SQLite's rowid, which drizzle types as having a default.
type Defaulted<S extends ColumnState, B extends SQLiteColumnBuilderBase> = S["hasDefault"] extends true
  ? HasDefault<B>
  : S["primaryKey"] extends true
    ? S["kind"] extends "integer" | "id"
      ? HasDefault<B>
      : B
    : B;
type Keyed<S extends ColumnState, B extends SQLiteColumnBuilderBase> = S["primaryKey"] extends true ? IsPrimaryKey<B> : B;

/** The drizzle SQLite column builder type a description stands for. */
export type SqliteBuilder<D> = D extends ColumnDef<infer S> ? Keyed<S, Defaulted<S, Required<S, Typed<S, Base<S>>>>> : never;

export type SqliteTable<T> =
  T extends TableDef<infer N, infer C>
    ? SQLiteTableWithColumns<{
        name: N;
        schema: undefined;
        columns: BuildColumns<N, { [K in keyof C]: SqliteBuilder<C[K]> }, "sqlite">;
        dialect: "sqlite";
      }>
    : never;

export type SqliteSchema<D extends Record<string, TableDef>> = { [K in keyof D]: SqliteTable<D[K]> };

function defaultSql(value: unknown): unknown {
  if (value && typeof value === "object" && "dialectDefault" in value) {
    const token = (value as DialectDefault).dialectDefault;
    if (token === "epochMsNow") return sql`(cast(unixepoch('subsec') * 1000 as integer))`;
    throw new Error(`unknown dialect default ${token as string}`);
  }
  return value;
}

export function buildSqliteSchema<D extends Record<string, TableDef>>(definition: D): SqliteSchema<D> {
  const built = new Map<AnyColumnDef, SQLiteColumn>();
  const resolve = (column: AnyColumnDef): SQLiteColumn => {
    const found = built.get(column);
    if (!found) throw new Error(`column ${column.config.name} belongs to no table of the schema`);
    return found;
  };
  const result: Record<string, unknown> = {};
  for (const [key, def] of Object.entries(definition)) {
    const { name, columns, extras } = def[TABLE];
    const builders: Record<string, SQLiteColumnBuilderBase> = {};
    for (const [columnKey, column] of Object.entries(columns as ColumnDefs)) {
      const c = column.config;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      let b: any;
      switch (c.kind) {
        case "text":
          b = c.enumValues ? text(c.name, { enum: c.enumValues as [string, ...string[]] }) : text(c.name);
          break;
        case "integer":
          b = integer(c.name);
          break;
        case "id":
          b = integer(c.name).primaryKey({ autoIncrement: true });
          break;
        case "boolean":
          b = integer(c.name, { mode: "boolean" });
          break;
        case "timestamp":
          b = integer(c.name, { mode: "timestamp_ms" });
          break;
        case "real":
          b = real(c.name);
          break;
        case "json":
          b = text(c.name, { mode: "json" });
          break;
        case "blob":
          b = blob(c.name, { mode: "buffer" });
          break;
      }
      if (c.primaryKey && c.kind !== "id") b = b.primaryKey();
      else if (c.notNull && c.kind !== "id") b = b.notNull();
      if (c.default) b = b.default(defaultSql(c.default.value) as SQL);
      if (c.unique) b = b.unique();
      if (c.references) {
        const { target, actions } = c.references;
        b = b.references(() => resolve(target()), actions);
      }
      builders[columnKey] = b;
    }
    const t = sqliteTable(name, builders, (cols) =>
      extras.map((extra) => {
        const on = extra.columns.map((column) => cols[keyOf(columns as ColumnDefs, column)]!);
        if (extra.kind === "primaryKey") return primaryKey({ columns: on as unknown as [SQLiteColumn, ...SQLiteColumn[]] });
        const made = extra.kind === "index" ? index(extra.name) : uniqueIndex(extra.name);
        return made.on(...(on as unknown as [SQLiteColumn, ...SQLiteColumn[]]));
      }),
    );
    for (const [columnKey, column] of Object.entries(columns as ColumnDefs)) built.set(column, (t as unknown as Record<string, SQLiteColumn>)[columnKey]!);
    result[key] = t;
  }
  return result as SqliteSchema<D>;
}

function keyOf(columns: ColumnDefs, column: AnyColumnDef): string {
  const key = Object.keys(columns).find((k) => columns[k] === column);
  if (!key) throw new Error(`an index names column ${column.config.name}, which is not in its table`);
  return key;
}
