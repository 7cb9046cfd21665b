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

/**
 * The words a user typed as an FTS5 query that FTS5 cannot misread, and that means what
 * PostgreSQL's plainto_tsquery makes of the same words: the text is cut into runs of letters and
 * digits (as both tokenizers cut it, so "don't" is don and t, "NEAR(a" is near and a), each run
 * quoted so that NEAR, AND, OR, NOT are plain words, and the runs ANDed. Punctuation (quotes,
 * `*`, `-`, `^`, `:`, parentheses) never reaches FTS5. Empty when nothing searchable is left.
 */
export function fts5Words(query: string): string {
  return query
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word !== "")
    .map((word) => `"${word}"`)
    .join(" ");
}

/**
 * Full-text search over item text and annotators' notes (any annotation, superseded ones
 * included: the item's history is searched), with each database's own engine: SQLite's FTS5
 * tables items_fts and annotation_notes_fts (db/migrations/0012, 0016) and PostgreSQL's generated
 * tsvector columns items.text_search and annotations.note_search with their GIN indexes
 * (db/migrations-pg/0003, 0007). An item matches when its text, or one of its notes, holds every
 * word of the query. Any user input is safe: SQLite gets it quoted by fts5Words, PostgreSQL
 * through plainto_tsquery, which reads no operators. Words that leave nothing searchable match no
 * row on both (the functions below answer null for them).
 */

/** A select of the `id` of the items whose text matches. */
export function textMatchIds(query: string): SQL | null {
  if (DIALECT === "postgres") return sql`select id from items where text_search @@ plainto_tsquery('simple', ${query})`;
  const words = fts5Words(query);
  return words ? sql`select rowid as id from items_fts where items_fts match ${words}` : null;
}

/** A select of the `id` of the items one of whose notes matches (an item once per matching note). */
export function noteMatchIds(query: string): SQL | null {
  if (DIALECT === "postgres") return sql`select item_id as id from annotations where note_search @@ plainto_tsquery('simple', ${query})`;
  const words = fts5Words(query);
  return words ? sql`select item_id as id from annotation_notes_fts where annotation_notes_fts match ${words}` : null;
}

/**
 * Both: an item repeated when its text and a note match (UNION ALL: each side streams from its
 * index, so a LIMIT on the whole stops it early).
 */
export function textOrNotesMatchIds(query: string): SQL | null {
  const text = textMatchIds(query);
  const notes = noteMatchIds(query);
  return text && notes ? sql`${text} union all ${notes}` : null;
}

/**
 * `column` is one of `ids`, however many, passed as one parameter: PostgreSQL reads them as an
 * integer array and probes its index for each; SQLite as a JSON array, whose values reach an index
 * (or FTS5's rowid) as integers. A list of parameters would be a REAL each on SQLite (better-sqlite3
 * binds a JavaScript number so), and FTS5 ignores a `rowid = ?` that is not an integer, answering
 * every match (SQLite 3.53; an `in (?)` of one value is read as `=`).
 */
export function oneOfIds(column: SQLWrapper, ids: readonly number[]): SQL {
  const list = ids.map((id) => String(Math.trunc(id))).join(",");
  return DIALECT === "postgres"
    ? sql`${column} = any(cast(string_to_array(${list}, ',') as integer[]))`
    : sql`${column} in (select value from json_each(${`[${list}]`}))`;
}

/**
 * A select of the `id` of those of the given items whose text or notes match, an item repeated
 * when both do: the search tested on a few items other filters found, each looked up by id in the
 * engine's index (FTS5 seeks each rowid in the word's doclist) rather than the search's every
 * match gathered first. Null when none can match: no items, or words that leave nothing searchable.
 */
export function textOrNotesMatchAmong(query: string, itemIds: readonly number[]): SQL | null {
  if (itemIds.length === 0) return null;
  if (DIALECT === "postgres")
    return sql`select id from items where ${oneOfIds(sql`id`, itemIds)} and text_search @@ plainto_tsquery('simple', ${query}) union all select item_id as id from annotations where ${oneOfIds(sql`item_id`, itemIds)} and note_search @@ plainto_tsquery('simple', ${query})`;
  const words = fts5Words(query);
  return words
    ? sql`select rowid as id from items_fts where items_fts match ${words} and ${oneOfIds(sql`rowid`, itemIds)} union all select item_id as id from annotation_notes_fts where annotation_notes_fts match ${words} and ${oneOfIds(sql`item_id`, itemIds)}`
    : null;
}

/**
 * True for the rows of `items` (the table, or an alias of it) whose text or notes match: for a
 * search finding many items, which the browser walks in id order. PostgreSQL tests each row's
 * stored tsvector as the walk reaches it (an IN over the matches hashed or sorted a million of
 * them first for a word in every item: 1.3–3.7 s), the notes' few matches hashed once; SQLite
 * gathers the matches of both FTS5 tables once (it cannot test one row's text cheaply: a probe of
 * FTS5 per row costs tens of microseconds).
 */
export function itemTextOrNotesMatch(items: SQLWrapper, query: string): SQL {
  if (DIALECT === "postgres") {
    return sql`(${items}.text_search @@ plainto_tsquery('simple', ${query}) or ${items}.id in (${noteMatchIds(query)}))`;
  }
  const ids = textOrNotesMatchIds(query);
  return ids ? sql`${items}.id in (${ids})` : sql`0 = 1`;
}

/** True for the rows of `items` one of whose notes matches. */
export function itemNotesMatch(items: SQLWrapper, query: string): SQL {
  const ids = noteMatchIds(query);
  return ids ? sql`${items}.id in (${ids})` : sql`0 = 1`;
}

/**
 * Where the engine hands an item's text matches in item id order, the matches as a table to read
 * a page from: `source` to select from (joined to items on `itemId`), ordered by `itemId`, which
 * stops at the page's end however many items match. FTS5 does (its rowid is the item's id, and it
 * walks its index in rowid order, either way), so a word in every item of a million costs a page,
 * where an IN over its matches first gathered all million (0.25–0.3 s). PostgreSQL's GIN index
 * answers an unordered bitmap, so null there: its planner walks items in id order itself.
 */
export function textMatchesInIdOrder(query: string): { source: SQL; itemId: SQL; matches: SQL } | null {
  if (DIALECT === "postgres") return null;
  const words = fts5Words(query);
  if (!words) return null;
  return { source: sql`items_fts text_match`, itemId: sql`text_match.rowid`, matches: sql`text_match.items_fts match ${words}` };
}

/**
 * The value at `path` (object keys, outermost first) of a JSON column as text, the way
 * PostgreSQL's `#>>` writes it: strings unquoted, numbers and booleans as JSON spells them,
 * objects and arrays as JSON text, null when absent or JSON null. SQLite's json_extract answers
 * booleans as 1/0 and objects as minified JSON, so it is read through json_type to say the same.
 * The path travels as a bound value, never spliced into the SQL.
 */
export function jsonText(column: SQLWrapper, path: readonly string[]): SQL<string | null> {
  if (DIALECT === "postgres") return sql<string | null>`(${column} #>> cast(${`{${path.map((k) => `"${k}"`).join(",")}}`} as text[]))`;
  const at = `$${path.map((k) => `."${k}"`).join("")}`;
  return sql<string | null>`(case json_type(${column}, ${at}) when 'true' then 'true' when 'false' then 'false' when 'null' then null else cast(json_extract(${column}, ${at}) as text) end)`;
}

/** The number at `path` of a JSON column (null when absent or not a number), to compare with a range. */
export function jsonNumber(column: SQLWrapper, path: readonly string[]): SQL<number | null> {
  if (DIALECT === "postgres") {
    const text = jsonText(column, path);
    return sql<number | null>`(case when json_typeof(${column} #> cast(${`{${path.map((k) => `"${k}"`).join(",")}}`} as text[])) = 'number' then cast(${text} as double precision) end)`;
  }
  const at = `$${path.map((k) => `."${k}"`).join("")}`;
  return sql<number | null>`(case when json_type(${column}, ${at}) in ('integer', 'real') then json_extract(${column}, ${at}) end)`;
}
