// Whether two annotations (or an annotation and an answer) carry the same labels: the one exact
// comparison the Team figures and the gold checks both count with.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { jsonArrayElements } from "../dialect/sql";
import type { LabelNames } from "@/lib/projects/label-names";

/**
 * Both JSON label sets are equal, whatever their order (a multi-label set is stored as submitted).
 * With `names`, stored names are read as they read today (renames, merges) before comparing.
 */
export function sameLabelSet(mine: SQLWrapper, theirs: SQLWrapper, names?: LabelNames): SQL {
  const read = (value: SQL) => (names ? readAs(value, names) : value);
  return sql`(json_array_length(${mine}) = json_array_length(${theirs}) and not exists (select 1 from ${jsonArrayElements(mine, "mine")} where ${read(sql`mine.value`)} not in (select ${read(sql`theirs.value`)} from ${jsonArrayElements(theirs, "theirs")})))`;
}

/** A stored label name as it reads today (renames, merges), in SQL: a CASE over the names that changed. */
export function readAs(value: SQL, names: LabelNames): SQL {
  if (names.changed.length === 0) return value;
  return sql`(case ${value} ${sql.join(
    names.changed.map(([stored, current]) => sql`when ${stored} then ${current}`),
    sql` `,
  )} else ${value} end)`;
}
