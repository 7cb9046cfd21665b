// Annotations are append-only: an edit or a retraction is a new row whose supersedes_id points at
// the row it replaces. The annotations in force are the rows nothing supersedes; every query that
// counts labels asks that one question, so it is written once, here.
import "server-only";
import { sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { annotations } from "../schema";

/** True when no annotation supersedes the one whose id is `id` (any alias of the table). */
export function inForce(id: SQLWrapper): SQL {
  return sql`not exists (select 1 from ${annotations} superseding where superseding.supersedes_id = ${id})`;
}

/** True for an `annotations` row that no later row supersedes (drizzle's outer `annotations` table). */
export const isCurrentAnnotation = inForce(annotations.id);
