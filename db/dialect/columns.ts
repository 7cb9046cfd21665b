// The dialect-neutral column kit the schema is written with (db/schema-definition.ts). A column
// here is a description: its kind, name and flags, carried both at run time (for the dialect
// builders in sqlite-columns.ts and pg-columns.ts) and in its type (so each builder can compute
// exactly the drizzle column type that dialect's own helpers would have produced).
//
// Why descriptions rather than a generic `defineSchema(kit)` function: TypeScript has no
// higher-kinded types, so the body of a function generic over a kit is typed once, against the
// kit's abstract interface, and every table it returns would carry that abstract column type
// instead of, say, SQLiteTimestamp<...>. Describing the columns as data and mapping the
// description's type per dialect keeps every select/insert type as precise as before.
import type { SQL } from "drizzle-orm";

export type ColumnKind = "text" | "integer" | "id" | "boolean" | "timestamp" | "real" | "json" | "blob";

/** A default every dialect spells its own way. */
export type DialectDefault = { readonly dialectDefault: "epochMsNow" };
/** Now, in epoch milliseconds (the representation of every timestamp column). */
export const epochMsNow: DialectDefault = { dialectDefault: "epochMsNow" };

export type ReferenceActions = { onDelete?: "cascade" | "restrict" | "no action" | "set null" | "set default" };

/** What a column description says, at the type level. */
export interface ColumnState {
  kind: ColumnKind;
  name: string;
  /** The TypeScript type of a value; for json columns the one `$type` set. */
  data: unknown;
  typed: boolean;
  enumValues: [string, ...string[]] | undefined;
  notNull: boolean;
  hasDefault: boolean;
  primaryKey: boolean;
}

/** The run-time half of a description. */
export interface ColumnConfig {
  kind: ColumnKind;
  name: string;
  enumValues: readonly string[] | undefined;
  notNull: boolean;
  default: { value: unknown } | undefined;
  primaryKey: boolean;
  unique: boolean;
  references: { target: () => AnyColumnDef; actions: ReferenceActions } | undefined;
}

type With<S extends ColumnState, K extends keyof ColumnState, V> = Omit<S, K> & { [P in K]: V };

export class ColumnDef<S extends ColumnState> {
  declare readonly _state: S;
  constructor(readonly config: ColumnConfig) {}

  private with<T extends ColumnState>(change: Partial<ColumnConfig>): ColumnDef<T> {
    return new ColumnDef<T>({ ...this.config, ...change });
  }

  notNull(): ColumnDef<With<S, "notNull", true>> {
    return this.with({ notNull: true });
  }

  /** A literal (as drizzle's `.default`), raw SQL valid in both dialects, or a dialect default. */
  default(value: S["data"] | SQL | DialectDefault): ColumnDef<With<S, "hasDefault", true>> {
    return this.with({ default: { value } });
  }

  primaryKey(): ColumnDef<With<With<S, "primaryKey", true>, "notNull", true>> {
    return this.with({ primaryKey: true, notNull: true });
  }

  unique(): ColumnDef<S> {
    return this.with({ unique: true });
  }

  references(target: () => AnyColumnDef, actions: ReferenceActions = {}): ColumnDef<S> {
    return this.with({ references: { target, actions } });
  }

  $type<T>(): ColumnDef<With<With<S, "data", T>, "typed", true>> {
    return this.with({});
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyColumnDef = ColumnDef<any>;

type Initial<K extends ColumnKind, N extends string, D, E extends [string, ...string[]] | undefined = undefined> = ColumnDef<{
  kind: K;
  name: N;
  data: D;
  typed: false;
  enumValues: E;
  notNull: false;
  hasDefault: false;
  primaryKey: false;
}>;

function initial(kind: ColumnKind, name: string, enumValues?: readonly string[], key = false): ColumnConfig {
  return { kind, name, enumValues, notNull: key, default: undefined, primaryKey: key, unique: false, references: undefined };
}

type Writable<T> = { -readonly [P in keyof T]: T[P] };

export function text<N extends string>(name: N): Initial<"text", N, string>;
export function text<N extends string, U extends string, E extends Readonly<[U, ...U[]]>>(
  name: N,
  config: { enum: E },
): Initial<"text", N, E[number], Writable<E>>;
export function text(name: string, config?: { enum: readonly string[] }): AnyColumnDef {
  return new ColumnDef(initial("text", name, config?.enum));
}

export const integer = <N extends string>(name: N): Initial<"integer", N, number> => new ColumnDef(initial("integer", name));

/** An integer primary key the database numbers (SQLite autoincrement, PostgreSQL identity). */
export const id = <N extends string>(name: N) =>
  new ColumnDef(initial("id", name, undefined, true)) as ColumnDef<{
    kind: "id";
    name: N;
    data: number;
    typed: false;
    enumValues: undefined;
    notNull: true;
    hasDefault: true;
    primaryKey: true;
  }>;

export const boolean = <N extends string>(name: N): Initial<"boolean", N, boolean> => new ColumnDef(initial("boolean", name));
/** A point in time, stored as epoch milliseconds, read as a Date. */
export const timestamp = <N extends string>(name: N): Initial<"timestamp", N, Date> => new ColumnDef(initial("timestamp", name));
export const real = <N extends string>(name: N): Initial<"real", N, number> => new ColumnDef(initial("real", name));
/** JSON text, kept byte for byte as written (set its TypeScript type with `$type`). */
export const json = <N extends string>(name: N): Initial<"json", N, unknown> => new ColumnDef(initial("json", name));
export const blob = <N extends string>(name: N): Initial<"blob", N, Buffer> => new ColumnDef(initial("blob", name));

/** The creation time every append-only table carries. */
export const createdAt = () => timestamp("created_at").notNull().default(epochMsNow);

// ---- Tables -----------------------------------------------------------------------------------

export type ColumnDefs = Record<string, AnyColumnDef>;

export type ExtraDef =
  | { kind: "index" | "uniqueIndex"; name: string; columns: AnyColumnDef[] }
  | { kind: "primaryKey"; columns: AnyColumnDef[] };

export const TABLE: unique symbol = Symbol("goldset.table");

/** A table description: its columns under their keys (so `users.id` names a column, as in drizzle) plus its name and extras. */
export type TableDef<N extends string = string, C extends ColumnDefs = ColumnDefs> = C & {
  readonly [TABLE]: { name: N; columns: C; extras: ExtraDef[] };
};

export function table<N extends string, C extends ColumnDefs>(name: N, columns: C, extras?: (c: C) => ExtraDef[]): TableDef<N, C> {
  return { ...columns, [TABLE]: { name, columns, extras: extras?.(columns) ?? [] } };
}

export const index = (name: string) => ({ on: (...columns: AnyColumnDef[]): ExtraDef => ({ kind: "index", name, columns }) });
export const uniqueIndex = (name: string) => ({ on: (...columns: AnyColumnDef[]): ExtraDef => ({ kind: "uniqueIndex", name, columns }) });
export const primaryKey = (config: { columns: AnyColumnDef[] }): ExtraDef => ({ kind: "primaryKey", columns: config.columns });
