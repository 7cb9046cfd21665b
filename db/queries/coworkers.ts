import "server-only";
import { and, eq } from "drizzle-orm";
import { aliasedTable as alias } from "drizzle-orm";
import { memberships } from "../schema";
import type { Executor } from "../index";

/** Whether two users are members of at least one common project: the people a lead already knows. */
export async function sharesAProject({ db, userId, otherUserId }: { db: Executor; userId: string; otherUserId: string }): Promise<boolean> {
  const theirs = alias(memberships, "theirs");
  const row = (
    await db
      .select({ projectId: memberships.projectId })
      .from(memberships)
      .innerJoin(theirs, and(eq(theirs.projectId, memberships.projectId), eq(theirs.userId, otherUserId)))
      .where(eq(memberships.userId, userId))
      .limit(1)
  )[0];
  return row !== undefined;
}
