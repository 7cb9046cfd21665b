// The few SQL fragments whose spelling differs between SQLite and PostgreSQL. Query files use
// these instead of branching on the dialect themselves (docs/decisions/0002).
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { DIALECT } from "./configured";

/**
 * The elements of a JSON array of strings as a FROM item `alias` with one text column, `value`:
 * `select 1 from ${jsonArrayElements(col, "e")} where e.value = ...`.
 */
export function jsonArrayElements(array: SQLWrapper, alias: string): SQL {
  const name = sql.identifier(alias);
  return DIALECT === "postgres" ? sql`json_array_elements_text(${array}) as ${name}(value)` : sql`json_each(${array}) as ${name}`;
}

/**
 * The column, kept from driving the plan: SQLite's unary plus stops its planner from using an
 * index on the column (when another index serves the query far better); PostgreSQL's planner
 * costs the choice itself, and has no unary plus on text.
 */
export function withoutIndex(column: SQLWrapper): SQL {
  return DIALECT === "postgres" ? sql`${column}` : sql`+${column}`;
}

/**
 * A JSON column as its stored text, to group or compare by: PostgreSQL's `json` has no equality
 * (and `jsonb` would reorder keys); SQLite stores JSON as text already.
 */
export function jsonAsText(column: SQLWrapper): SQL<string> {
  return DIALECT === "postgres" ? sql<string>`cast(${column} as text)` : sql<string>`${column}`;
}

/**
 * Appended to a select that picks rows to claim: PostgreSQL locks the rows it returns and skips
 * rows another transaction holds, so concurrent claimers never wait on or take the same row.
 * SQLite needs nothing: its one writer already serializes the claims.
 */
export function lockedRowsSkipped(): SQL {
  return DIALECT === "postgres" ? sql`for update skip locked` : sql``;
}
