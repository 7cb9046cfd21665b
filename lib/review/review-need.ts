// Why an item needs a reviewer, and how urgently. The review queue is ordered by `need`, most
// contested first; reasons let reviewers filter.
import type { ItemResolution } from "@/lib/aggregate/resolve-item";
import { sameLabelSet } from "@/lib/annotate/suggestion-action";

// "requested": a lead sent the item to review from the data browser: its latest adjudication is a
// request_review row (db/queries/bulk-item-actions.ts), which stands until a reviewer acts.
export const REVIEW_REASONS = ["disagreement", "not_sure", "llm_disagrees", "low_posterior", "requested"] as const;
export type ReviewReason = (typeof REVIEW_REASONS)[number];

export type ReviewNeed = { need: number; reasons: ReviewReason[] };

/**
 * The need a lead's request adds: that of a plain disagreement, so requested items sit among the
 * contested ones rather than above or below them all.
 */
export const REQUESTED_REVIEW_NEED = 1;

export function reviewNeed({
  resolution,
  notSure,
  awaitingAnnotations,
  awaitingRequestedAnnotations,
  reviewRequested = false,
  llmLabels,
  agreementThreshold,
  posterior,
  posteriorThreshold,
}: {
  resolution: ItemResolution;
  notSure: number;
  /** The item still lacks the annotations its overlap asks for. */
  awaitingAnnotations: boolean;
  /**
   * A reviewer sent the item back and the annotations they asked for have not all arrived. The
   * reviewer has already acted on it, so it leaves the queue until they do.
   */
  awaitingRequestedAnnotations: boolean;
  /** A lead asked for a review and no reviewer has acted since: the item waits in the queue whatever its labels say. */
  reviewRequested?: boolean;
  /** Labels of the item's accepted-format LLM suggestion, if any. */
  llmLabels: readonly string[] | null;
  agreementThreshold: number;
  /** Dawid–Skene posterior of the item's final label(s), or of the model's own pick when unresolved. */
  posterior?: number | null;
  posteriorThreshold?: number;
}): ReviewNeed {
  if (resolution.method === "adjudicated" || awaitingRequestedAnnotations) return { need: 0, reasons: [] };
  const reasons: ReviewReason[] = [];
  let need = 0;
  // Disagreement is only judged once every requested annotation is in; a not-sure flag is a
  // signal worth a reviewer's look at once.
  if (!awaitingAnnotations && resolution.votes >= 2) {
    const agreement = resolution.agreement ?? 0;
    // A Dawid–Skene resolution only stands when the model is confident (its posterior reached the
    // threshold), which is what settles a split vote without a reviewer.
    if (resolution.method === "unresolved" || (resolution.method !== "dawid-skene" && agreement < agreementThreshold)) {
      reasons.push("disagreement");
      need += 1 + (1 - agreement);
    }
  }
  if (notSure > 0) {
    reasons.push("not_sure");
    need += 0.5 + 0.25 * Math.min(notSure, 4);
  }
  if (!awaitingAnnotations && llmLabels && resolution.method !== "unresolved" && !sameLabelSet(llmLabels, resolution.labels)) {
    reasons.push("llm_disagrees");
    need += 0.4;
  }
  // Like disagreement, the model's doubt is judged once every requested annotation is in.
  if (!awaitingAnnotations && posterior !== undefined && posterior !== null && posteriorThreshold !== undefined && posterior < posteriorThreshold) {
    reasons.push("low_posterior");
    need += posteriorThreshold - posterior;
  }
  if (reviewRequested) {
    reasons.push("requested");
    need += REQUESTED_REVIEW_NEED;
  }
  return { need: Number(need.toFixed(6)), reasons };
}
