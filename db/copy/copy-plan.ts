// Which tables `goldset db copy` copies, in what order, and how each column travels. Everything is
// discovered from the schema description (db/schema-definition.ts), built here for both dialects
// independently of which database the app is configured for, so a table added to the schema is
// copied without touching this code.
import { getTableColumns, getTableName, type Column } from "drizzle-orm";
import { schemaDefinition } from "../schema-definition";
import { TABLE, type AnyColumnDef, type ColumnDefs, type ColumnKind, type TableDef } from "../dialect/columns";
import { buildSqliteSchema } from "../dialect/sqlite-columns";
import { buildPgSchema } from "../dialect/pg-columns";

export type CopyColumn = {
  key: string;
  /** The SQL name (the same on both databases). */
  name: string;
  kind: ColumnKind;
  sqlite: Column;
  pg: Column;
  /** A reference to a column of its own table (annotations.supersedes_id): written after the rows. */
  selfReference: boolean;
};

export type CopyTable = {
  key: string;
  name: string;
  columns: CopyColumn[];
  /** The primary key columns (SQL names), for upserts and the self-reference pass. */
  primaryKey: string[];
  /** The identity column whose sequence must be moved past the copied ids, if any. */
  identity: string | undefined;
  /** Kept by triggers on the target while other tables are copied: written last, overwriting. */
  triggerMaintained: boolean;
};

// project_counts rows are created by a trigger on projects and moved by triggers on items and
// annotations (db/migrations-pg/0001_progress-counts.sql); item_final_labels rows are written by
// triggers on item_resolutions (0010_item-final-labels.sql). The copy overwrites them at the end
// with the source's values.
const TRIGGER_MAINTAINED = new Set(["project_counts", "item_final_labels"]);

function primaryKeyOf(def: TableDef): string[] {
  const { columns, extras } = def[TABLE];
  const single = Object.values(columns as ColumnDefs).filter((c) => c.config.primaryKey);
  if (single.length > 0) return single.map((c) => c.config.name);
  const composite = extras.find((e) => e.kind === "primaryKey");
  return composite ? composite.columns.map((c) => c.config.name) : [];
}

/** Every table of the schema, parents before children (self-references aside), trigger-maintained ones last. */
export function copyPlan(): CopyTable[] {
  const sqlite = buildSqliteSchema(schemaDefinition) as unknown as Record<string, object>;
  const pg = buildPgSchema(schemaDefinition) as unknown as Record<string, object>;
  const owner = new Map<AnyColumnDef, string>();
  for (const [key, def] of Object.entries(schemaDefinition)) for (const c of Object.values(def[TABLE].columns as ColumnDefs)) owner.set(c, key);

  const tables = new Map<string, CopyTable & { parents: Set<string> }>();
  for (const [key, def] of Object.entries(schemaDefinition) as [string, TableDef][]) {
    const { name, columns } = def[TABLE];
    const sqliteColumns = getTableColumns(sqlite[key] as never) as Record<string, Column>;
    const pgColumns = getTableColumns(pg[key] as never) as Record<string, Column>;
    if (getTableName(sqlite[key] as never) !== name || getTableName(pg[key] as never) !== name) throw new Error(`table ${key} is built under another name`);
    const parents = new Set<string>();
    const copyColumns: CopyColumn[] = [];
    for (const [columnKey, column] of Object.entries(columns as ColumnDefs)) {
      const target = column.config.references?.target();
      const parent = target ? owner.get(target) : undefined;
      if (target && !parent) throw new Error(`${name}.${column.config.name} references a column outside the schema`);
      if (parent && parent !== key) parents.add(parent);
      copyColumns.push({
        key: columnKey,
        name: column.config.name,
        kind: column.config.kind,
        sqlite: sqliteColumns[columnKey]!,
        pg: pgColumns[columnKey]!,
        selfReference: parent === key,
      });
    }
    const identity = Object.values(columns as ColumnDefs).find((c) => c.config.kind === "id")?.config.name;
    tables.set(key, { key, name, columns: copyColumns, primaryKey: primaryKeyOf(def), identity, triggerMaintained: TRIGGER_MAINTAINED.has(name), parents });
  }

  // Depth-first topological order; a cycle between two tables would need deferred constraints.
  const ordered: CopyTable[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (key: string, path: string[]) => {
    if (state.get(key) === "done") return;
    if (state.get(key) === "visiting") throw new Error(`foreign keys form a cycle: ${[...path, key].join(" -> ")}`);
    state.set(key, "visiting");
    const table = tables.get(key)!;
    for (const parent of table.parents) visit(parent, [...path, key]);
    state.set(key, "done");
    const { parents: _parents, ...rest } = table;
    ordered.push(rest);
  };
  for (const key of tables.keys()) visit(key, []);
  return [...ordered.filter((t) => !t.triggerMaintained), ...ordered.filter((t) => t.triggerMaintained)];
}

/** A quoted SQL identifier. */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
