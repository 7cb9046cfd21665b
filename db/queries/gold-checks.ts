// The check that runs after an annotator submits a label on a gold item: their gold accuracy, and
// under the project's "pause" action, pausing them when it falls below the threshold. The "flag"
// action writes nothing: the Team view computes the flag from the same figures when it is read.
import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import { goldItems } from "../schema";
import type { Db } from "../index";
import { goldResults } from "./gold";
import { pauseMember } from "./memberships";
import { goldStanding, type GoldSettings, type GoldStanding } from "@/lib/gold/gold-check";

export type GoldCheckOutcome = GoldStanding & { paused: boolean };

/**
 * Null when `itemId` is not a gold item in force (one probe of gold_items by item: every submission
 * pays that and nothing more). Otherwise the annotator's standing, and whether this check paused
 * them. Standing and pause are read and written in one project transaction, so two submissions at
 * once cannot both pause (and audit) the same person.
 */
export async function checkGoldAfterSubmission({
  db,
  projectId,
  annotatorId,
  itemId,
  settings,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  annotatorId: string;
  itemId: number;
  settings: GoldSettings;
  now?: Date;
}): Promise<GoldCheckOutcome | null> {
  const gold = (
    await db
      .select({ id: goldItems.id })
      .from(goldItems)
      .where(and(eq(goldItems.itemId, itemId), eq(goldItems.projectId, projectId), isNull(goldItems.removedAt)))
      .limit(1)
  )[0];
  if (!gold) return null;
  return await db.$projectTransaction(projectId, async (tx) => {
    const result = (await goldResults({ db: tx, projectId, annotatorId }))[0] ?? { correct: 0, answered: 0 };
    const standing = goldStanding(result, settings);
    if (!standing.belowThreshold || settings.action !== "pause") return { ...standing, paused: false };
    const percent = Math.round((standing.accuracy.rate ?? 0) * 100);
    const paused = await pauseMember({
      tx,
      projectId,
      userId: annotatorId,
      actorId: null,
      reason: `Gold accuracy ${result.correct}/${result.answered} (${percent}%) is below the threshold of ${Math.round(settings.threshold * 100)}%.`,
      details: { correct: result.correct, answered: result.answered, threshold: settings.threshold, minAnswers: settings.minAnswers },
      now,
    });
    return { ...standing, paused };
  });
}
