// Which items an annotator may ask about one at a time. The queue hands out items by leasing them,
// so an item an annotator neither holds a lease on nor labelled was never theirs to see: reading
// its suggestion would let them pick items by id and see what the LLM or model says about them.
import "server-only";
import { and, eq, gt } from "drizzle-orm";
import { annotations, leases } from "../schema";
import type { Executor } from "../index";

/** True when the annotator holds a live lease on the item or has ever annotated it (undo included). */
export async function annotatorHasItem({
  db,
  projectId,
  itemId,
  userId,
  now = new Date(),
}: {
  db: Executor;
  projectId: string;
  itemId: number;
  userId: string;
  now?: Date;
}): Promise<boolean> {
  const leased = (
    await db
      .select({ itemId: leases.itemId })
      .from(leases)
      .where(and(eq(leases.projectId, projectId), eq(leases.itemId, itemId), eq(leases.userId, userId), gt(leases.expiresAt, now)))
      .limit(1)
  )[0];
  if (leased) return true;
  const annotated = (
    await db
      .select({ id: annotations.id })
      .from(annotations)
      .where(and(eq(annotations.projectId, projectId), eq(annotations.itemId, itemId), eq(annotations.annotatorId, userId)))
      .limit(1)
  )[0];
  return annotated !== undefined;
}
