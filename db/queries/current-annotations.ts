// Annotations are append-only: an edit or a retraction is a new row whose supersedes_id points at
// the row it replaces. The annotations in force are the rows nothing supersedes; every query that
// counts labels asks that one question, so it is written once, here.
import { sql } from "drizzle-orm";
import { annotations } from "../schema";

/** True for an `annotations` row that no later row supersedes (drizzle's outer `annotations` table). */
export const isCurrentAnnotation = sql`not exists (select 1 from ${annotations} b where b.supersedes_id = ${annotations.id})`;
