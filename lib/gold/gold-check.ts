// The gold check's two decisions, pure so they can be worked out by hand: when an annotator's next
// item is a gold item, and when their accuracy on gold items is below the project's threshold.
import { createHash } from "node:crypto";
import { proportion, type Proportion } from "@/lib/llm/suggestion-insights";
import type { WorkflowSettings } from "@/lib/projects/workflow-settings";

export type GoldSettings = WorkflowSettings["gold"];

/**
 * A number in [0, 1) drawn from the hash of the annotator and how many labels they have written.
 * It is the same on every request until they label something, so reloading the page or asking
 * again cannot change whether a gold item comes next; it is unrelated to the items themselves.
 */
export function goldDraw(projectId: string, userId: string, labelsWritten: number): number {
  const digest = createHash("sha256").update(`goldset/gold-queue/v1\u0000${projectId}\u0000${userId}\u0000${labelsWritten}`, "utf8").digest();
  // 48 bits: plenty of resolution for a rate, and exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** Whether the item after `labelsWritten` labels is a gold item, at `rate` (0 never, 0.5 every other on average). */
export function goldItemDue({ projectId, userId, labelsWritten, rate }: { projectId: string; userId: string; labelsWritten: number; rate: number }): boolean {
  return rate > 0 && goldDraw(projectId, userId, labelsWritten) < rate;
}

/**
 * Which of the `candidates` gold items to serve: picked by the same kind of hash, so annotators meet
 * the gold items in different orders (no "the first gold item is always X" to pass around).
 */
export function pickGoldItem(candidates: readonly number[], projectId: string, userId: string, labelsWritten: number): number | undefined {
  if (candidates.length === 0) return undefined;
  const sorted = [...candidates].sort((a, b) => a - b);
  const draw = createHash("sha256").update(`goldset/gold-pick/v1\u0000${projectId}\u0000${userId}\u0000${labelsWritten}`, "utf8").digest().readUIntBE(0, 6);
  return sorted[draw % sorted.length];
}

export type GoldStanding = {
  /** Gold items answered correctly out of those answered, with its 95% Wilson interval. */
  accuracy: Proportion;
  /**
   * At least `minAnswers` answered and the point accuracy under the threshold. The point estimate,
   * not the interval, decides, as the lead set it; the interval is shown beside it so the lead can
   * see how much a flag on few answers rests on.
   */
  belowThreshold: boolean;
};

export function goldStanding({ correct, answered }: { correct: number; answered: number }, settings: GoldSettings): GoldStanding {
  const accuracy = proportion(correct, answered);
  const belowThreshold = answered >= settings.minAnswers && accuracy.rate !== null && accuracy.rate < settings.threshold;
  return { accuracy, belowThreshold };
}
