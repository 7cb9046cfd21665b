// Whether two annotations (or an annotation and an answer) carry the same labels: the one exact
// comparison the Team figures and the gold checks both count with.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { jsonArrayElements } from "../dialect/sql";

/** Both JSON label sets are equal, whatever their order (a multi-label set is stored as submitted). */
export function sameLabelSet(mine: SQLWrapper, theirs: SQLWrapper): SQL {
  return sql`(json_array_length(${mine}) = json_array_length(${theirs}) and not exists (select 1 from ${jsonArrayElements(mine, "mine")} where mine.value not in (select theirs.value from ${jsonArrayElements(theirs, "theirs")})))`;
}
