import { createHash } from "node:crypto";
import type { SuggestionRecord, SuggestionView } from "./suggestion-view";

/**
 * The anchoring control: for a share of items the annotator is not shown the suggestion, so
 * agreement with the machine when it was shown can be compared with agreement when it was not.
 * Which items is decided by a hash of (project, item): random with respect to the items' content
 * and order, yet the same on every request, for every annotator and after every restart, so an
 * item is either always withheld or never, and the choice can be recomputed for the audit.
 */

/** A number in [0, 1) drawn uniformly from the hash of the project and item ids. */
export function anchoringDraw(projectId: string, itemId: number): number {
  const digest = createHash("sha256").update(`goldset/anchoring/v1\u0000${projectId}\u0000${itemId}`, "utf8").digest();
  // 48 bits: plenty of resolution for a share, and exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

export function isWithheld({ projectId, itemId, share }: { projectId: string; itemId: number; share: number }): boolean {
  return anchoringDraw(projectId, itemId) < share;
}

/** What the annotator receives for an item's suggestion: all of it, or only its id when withheld. */
export function annotatorSuggestion(record: SuggestionRecord, { projectId, anchoringShare }: { projectId: string; anchoringShare: number }): SuggestionView {
  if (isWithheld({ projectId, itemId: record.itemId, share: anchoringShare })) return { withheld: true, id: record.id };
  return {
    withheld: false,
    id: record.id,
    sourceKind: record.sourceKind,
    model: record.modelName,
    modelVersion: record.modelVersion,
    promptVersion: record.promptVersion,
    labels: record.labels,
    ...(record.spans ? { spans: record.spans } : {}),
    confidence: record.confidence,
    rationale: record.rationale,
  };
}
