// Turns a page of eligible resolutions and their current annotations into the records a snapshot
// freezes, and counts them for its summary. Pure, so it runs in a job's worker thread
// (lib/export/server/snapshot-freezing-ops.ts) as well as in the caller's thread.
import { sameLabelSet } from "@/lib/annotate/suggestion-action";
import { TextOffsets } from "@/lib/spans/offsets";
import type { DecidedBy, ExportRecord, ExportSpan, SuggestionProvenance } from "./export-record";
import type { SnapshotCounts, SnapshotRules } from "./snapshot-row";
import { stratumOf, type StratifiedSplitPlan } from "./stratified-split";

/** One eligible item, as db/queries/exports.ts reads it. */
export interface EligibleResolution {
  itemId: number;
  externalId: string;
  text: string;
  metadata: Record<string, unknown>;
  method: string;
  labels: string[];
  /** Spans projects: the accepted spans; null elsewhere. */
  spans: readonly { start: number; end: number; label: string }[] | null;
  agreement: number | null;
  annotators: number;
  /** How many of its annotators were not sure. */
  notSure: number;
}

/** One current label annotation of an eligible item, with the suggestion it saw. */
export interface SnapshotAnnotation {
  itemId: number;
  annotator: string;
  labels: string[];
  spans: readonly { start: number; end: number; label: string }[] | null;
  notSure: boolean;
  createdAt: Date;
  suggestionAction: string;
  suggestionSource: string | null;
  suggestionLabels: string[] | null;
  suggestionModel: string | null;
  promptVersion: number | null;
  suggestionConfidence: number | null;
}

export type FrozenRecord = { itemId: number; record: ExportRecord };

/**
 * The suggestion shown on the item and whether the item's final label took it. `accepted` needs
 * both: an annotator accepted the suggestion, and the final label is that suggestion. So a
 * suggestion a reviewer or the other votes overruled is not accepted, and neither is one everybody
 * changed or refused even when a reviewer later arrived at the same label on their own. When
 * annotators were shown different suggestions, the accepted one is named, else the one the final
 * label matches, else the first one shown.
 */
function suggestionProvenance(rows: readonly SnapshotAnnotation[], finalLabels: readonly string[]): SuggestionProvenance | null {
  const shown = rows.filter((r) => r.suggestionSource && r.suggestionLabels && r.suggestionAction !== "none");
  const matching = shown.filter((r) => sameLabelSet(r.suggestionLabels!, finalLabels));
  const accepted = matching.find((r) => r.suggestionAction === "accepted");
  const seen = accepted ?? matching[0] ?? shown[0];
  if (!seen) return null;
  return {
    accepted: Boolean(accepted),
    source: seen.suggestionSource ?? undefined,
    model: seen.suggestionModel ?? undefined,
    promptVersion: seen.promptVersion,
    labels: seen.suggestionLabels ?? undefined,
    confidence: seen.suggestionConfidence,
  };
}

/** The records of one page, in the page's item order; `annotations` holds the page's, by item then time. */
export function snapshotRecords(
  page: readonly EligibleResolution[],
  annotations: readonly SnapshotAnnotation[],
  rules: Pick<SnapshotRules, "includeAnnotations">,
  plan: StratifiedSplitPlan | null,
): FrozenRecord[] {
  const byItem = new Map<number, SnapshotAnnotation[]>();
  for (const a of annotations) {
    const list = byItem.get(a.itemId) ?? [];
    list.push(a);
    byItem.set(a.itemId, list);
  }
  return page.map((r) => {
    const raw = byItem.get(r.itemId) ?? [];
    const offsets = r.spans === null && !raw.some((a) => a.spans !== null) ? null : new TextOffsets(r.text);
    const withText = (spans: readonly { start: number; end: number; label: string }[] | null): { spans?: ExportSpan[] } =>
      spans === null || offsets === null ? {} : { spans: spans.map((s) => ({ start: s.start, end: s.end, label: s.label, text: offsets.slice(s.start, s.end) })) };
    const record: ExportRecord = {
      id: r.externalId,
      text: r.text,
      labels: r.labels,
      ...withText(r.spans),
      decidedBy: r.method as DecidedBy,
      agreement: r.agreement,
      annotators: r.annotators,
      notSure: r.notSure,
      suggestion: suggestionProvenance(raw, r.labels),
      ...(plan ? { split: plan.splitOf({ id: String(r.itemId), label: stratumOf(r) }) } : {}),
      metadata: r.metadata,
      ...(rules.includeAnnotations
        ? {
            annotations: raw.map((a) => ({
              annotator: a.annotator,
              labels: a.labels,
              ...withText(a.spans),
              notSure: a.notSure,
              createdAt: a.createdAt.toISOString(),
              suggestionAction: a.suggestionAction,
            })),
          }
        : {}),
    };
    return { itemId: r.itemId, record };
  });
}

/** What a snapshot counted, before its agreement figures are added. */
export type SnapshotTally = Required<Omit<SnapshotCounts, "agreement" | "excluded">>;

export function emptySnapshotTally(): SnapshotTally {
  return { items: 0, decidedBy: {}, splits: {}, acceptedSuggestions: 0 };
}

export function tallySnapshotRecords(tally: SnapshotTally, records: readonly FrozenRecord[]): void {
  for (const { record } of records) {
    tally.items++;
    tally.decidedBy[record.decidedBy] = (tally.decidedBy[record.decidedBy] ?? 0) + 1;
    if (record.split) tally.splits[record.split] = (tally.splits[record.split] ?? 0) + 1;
    if (record.suggestion?.accepted) tally.acceptedSuggestions++;
  }
}
