// Gold items in the annotator's queue: which of the positions being filled get a gold item the
// annotator has not labelled yet. The position's draw (lib/gold/gold-check.ts) depends on the
// annotator and how many labels they have written plus the items already in their hands, so each
// position of their queue has one fixed answer: reloading, or asking again, changes nothing.
// Gold items are served whatever their open/overlap state, so every annotator meets them.
import "server-only";
import { and, asc, count, eq, isNull, type SQL } from "drizzle-orm";
import { annotations, goldItems, items } from "../schema";
import type { Tx } from "../index";
import { goldItemDue, pickGoldItem } from "@/lib/gold/gold-check";

/**
 * For each of `slots` positions, the id of the gold item to serve there, or undefined for a normal
 * item. `stillMine` is the queue's "neither labelled nor skipped by the caller" condition on
 * items; `taken` are item ids already leased or held, which are not served again.
 */
export async function goldForQueuePositions({
  tx,
  projectId,
  userId,
  rate,
  slots,
  taken,
  stillMine,
}: {
  tx: Tx;
  projectId: string;
  userId: string;
  rate: number;
  slots: number;
  taken: ReadonlySet<number>;
  stillMine: SQL | undefined;
}): Promise<(number | undefined)[]> {
  // Every label row the annotator wrote here, corrections included: it only grows, so a position's
  // draw never comes round again.
  const labelsWritten =
    (
      await tx
        .select({ n: count() })
        .from(annotations)
        .where(and(eq(annotations.projectId, projectId), eq(annotations.annotatorId, userId), eq(annotations.kind, "label")))
    )[0]?.n ?? 0;
  const positions = Array.from({ length: slots }, (_, i) => labelsWritten + taken.size + i);
  const due = positions.map((position) => goldItemDue({ projectId, userId, labelsWritten: position, rate }));
  const picks: (number | undefined)[] = positions.map(() => undefined);
  if (!due.some(Boolean)) return picks;

  const candidates = await tx
    .select({ id: goldItems.itemId })
    .from(goldItems)
    .innerJoin(items, eq(items.id, goldItems.itemId))
    .where(and(eq(goldItems.projectId, projectId), isNull(goldItems.removedAt), stillMine))
    .orderBy(asc(goldItems.itemId));
  const left = new Set(candidates.map((c) => c.id).filter((id) => !taken.has(id)));
  positions.forEach((position, i) => {
    if (!due[i]) return;
    const id = pickGoldItem([...left], projectId, userId, position);
    if (id === undefined) return;
    picks[i] = id;
    left.delete(id);
  });
  return picks;
}
