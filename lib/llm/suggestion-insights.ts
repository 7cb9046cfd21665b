import { sameLabelSet } from "@/lib/annotate/suggestion-action";

/**
 * The numbers behind the insights page's LLM section, computed from plain rows: how often people
 * take suggestions, how often the LLM matches the settled label, and the anchoring estimate, i.e.
 * how much more people agree with the LLM when they saw its suggestion than when it was withheld.
 */

export interface Proportion {
  successes: number;
  n: number;
  /** Null when n is 0. */
  rate: number | null;
  /** Wilson score interval at 95%; null when n is 0. */
  ci95: { low: number; high: number } | null;
}

const Z95 = 1.959963984540054;

/** Wilson (1927) score interval: well-behaved for small n and rates near 0 or 1, unlike Wald's. */
export function proportion(successes: number, n: number): Proportion {
  if (n === 0) return { successes, n, rate: null, ci95: null };
  const p = successes / n;
  const z2 = Z95 * Z95;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (Z95 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { successes, n, rate: p, ci95: { low: Math.max(0, centre - half), high: Math.min(1, centre + half) } };
}

/**
 * Difference of two independent proportions a − b with Newcombe's (1998) hybrid score interval
 * ("method 10"), built from the two Wilson intervals.
 */
export function proportionDifference(a: Proportion, b: Proportion): { difference: number; ci95: { low: number; high: number } } | null {
  if (a.rate === null || b.rate === null || a.ci95 === null || b.ci95 === null) return null;
  const difference = a.rate - b.rate;
  const low = difference - Math.sqrt((a.rate - a.ci95.low) ** 2 + (b.ci95.high - b.rate) ** 2);
  const high = difference + Math.sqrt((a.ci95.high - a.rate) ** 2 + (b.rate - b.ci95.low) ** 2);
  return { difference, ci95: { low, high } };
}

// ---- Acceptance -------------------------------------------------------------------------------

export type SuggestionActionShown = "accepted" | "changed" | "rejected";

export interface AcceptanceRow {
  sourceKind: "llm" | "model" | "import";
  /** The suggestion's labels. */
  suggested: string[];
  /** "not_sure": the annotator answered "not sure" with no label, neither taking nor refusing it. */
  action: SuggestionActionShown | "not_sure";
}

export interface AcceptanceSummary {
  /** Over the rows that took, changed or refused the suggestion; "not sure" rows are left out. */
  overall: Proportion;
  counts: Record<SuggestionActionShown, number>;
  /** Rows left out because the annotator answered "not sure" with no label. */
  notSureExcluded: number;
  /** Acceptance among suggestions that proposed each label, in the project's label order. */
  perLabel: { label: string; acceptance: Proportion }[];
}

/**
 * Over annotations made with the suggestion on screen; `labels` orders the per-label rows. A "not
 * sure" with no label says nothing about the suggestion, so it counts neither for nor against.
 */
export function acceptanceSummary(allRows: readonly AcceptanceRow[], labels: readonly string[]): AcceptanceSummary {
  const rows = allRows.filter((row) => row.action !== "not_sure");
  const counts: Record<SuggestionActionShown, number> = { accepted: 0, changed: 0, rejected: 0 };
  for (const row of rows) counts[row.action as SuggestionActionShown]++;
  return {
    overall: proportion(counts.accepted, rows.length),
    counts,
    notSureExcluded: allRows.length - rows.length,
    perLabel: labels.map((label) => {
      const proposing = rows.filter((row) => row.suggested.includes(label));
      return { label, acceptance: proportion(proposing.filter((row) => row.action === "accepted").length, proposing.length) };
    }),
  };
}

// ---- Accuracy against settled labels ------------------------------------------------------------

export interface AccuracyRow {
  /** The LLM's labels for the item (latest usable answer). */
  predicted: string[];
  /** The item's settled labels (adjudicated or consensus). */
  gold: string[];
  /** Whether any annotator of the item saw the LLM's suggestion (then the gold may lean toward it). */
  shownToAnnotators: boolean;
  /**
   * Every annotator of the item answered "not sure" without a label, so it has no gold: the row is
   * left out of every figure and only counted in `notSureExcluded`.
   */
  notSureOnly?: boolean;
}

export interface LabelAccuracy {
  label: string;
  /** Items whose gold has the label. */
  support: number;
  /** Of the items the LLM gave the label, the share whose gold has it. */
  precision: Proportion;
  /** Of the items whose gold has the label, the share the LLM gave it. */
  recall: Proportion;
}

export interface AccuracySummary {
  /** Exact match of the label sets. */
  overall: Proportion;
  /** The same over items no annotator saw the suggestion for: free of anchoring in the gold. */
  unseen: Proportion;
  /** Items with an LLM answer left out because every annotator of them answered "not sure" with no label. */
  notSureExcluded: number;
  perLabel: LabelAccuracy[];
  /**
   * Single-label projects: counts[gold][predicted] in `labels` order. Null for multi-label
   * projects, where per-label precision and recall say what a square matrix cannot.
   */
  confusion: { labels: string[]; counts: number[][] } | null;
}

export function accuracySummary(allRows: readonly AccuracyRow[], labels: readonly string[], singleLabel: boolean): AccuracySummary {
  const rows = allRows.filter((row) => !row.notSureOnly);
  const exact = (subset: readonly AccuracyRow[]) => proportion(subset.filter((row) => sameLabelSet(row.predicted, row.gold)).length, subset.length);
  const perLabel = labels.map((label) => {
    const predictedWith = rows.filter((row) => row.predicted.includes(label));
    const goldWith = rows.filter((row) => row.gold.includes(label));
    return {
      label,
      support: goldWith.length,
      precision: proportion(predictedWith.filter((row) => row.gold.includes(label)).length, predictedWith.length),
      recall: proportion(goldWith.filter((row) => row.predicted.includes(label)).length, goldWith.length),
    };
  });
  let confusion: AccuracySummary["confusion"] = null;
  if (singleLabel) {
    const index = new Map(labels.map((label, i) => [label, i]));
    const counts = labels.map(() => labels.map(() => 0));
    for (const row of rows) {
      const g = index.get(row.gold[0] ?? "");
      const p = index.get(row.predicted[0] ?? "");
      if (g !== undefined && p !== undefined) counts[g]![p]!++;
    }
    confusion = { labels: [...labels], counts };
  }
  return {
    overall: exact(rows),
    unseen: exact(rows.filter((row) => !row.shownToAnnotators)),
    notSureExcluded: allRows.length - rows.length,
    perLabel,
    confusion,
  };
}

// ---- Anchoring -------------------------------------------------------------------------------

export interface AnchoringRow {
  /** Whether the annotator saw the LLM's suggestion (false: withheld by the anchoring control). */
  shown: boolean;
  annotated: string[];
  notSure: boolean;
  suggested: string[];
}

export interface AnchoringEstimate {
  shown: Proportion;
  withheld: Proportion;
  /** Agreement when shown minus agreement when withheld, in rate units; null until both groups have data. */
  sway: ReturnType<typeof proportionDifference>;
  /** Annotations left out because they were "not sure" with no label. */
  notSureExcluded: number;
}

/**
 * A "not sure" with no label says nothing about agreement and is left out; an empty selection
 * without it (multi-label: "none apply") is an answer like any other.
 */
export function anchoringEstimate(rows: readonly AnchoringRow[]): AnchoringEstimate {
  const labelled = rows.filter((row) => !(row.notSure && row.annotated.length === 0));
  const agreeing = (shown: boolean) => {
    const group = labelled.filter((row) => row.shown === shown);
    return proportion(group.filter((row) => sameLabelSet(row.annotated, row.suggested)).length, group.length);
  };
  const shown = agreeing(true);
  const withheld = agreeing(false);
  return { shown, withheld, sway: proportionDifference(shown, withheld), notSureExcluded: rows.length - labelled.length };
}

/** Nearest-rank percentile of an ascending list. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// ---- What the insights page receives ---------------------------------------------------------

export interface RunUsage {
  runId: number;
  promptVersion: number;
  status: string;
  createdAt: string;
  answered: number;
  failed: number;
  promptTokens: number;
  completionTokens: number;
  latencyMs: { mean: number | null; p50: number | null; p95: number | null };
}

export interface LlmInsights {
  labels: string[];
  llmSuggestions: number;
  acceptance: AcceptanceSummary;
  /** Acceptance of every shown suggestion by source, for comparison with imported and model ones. */
  acceptanceBySource: { sourceKind: "llm" | "model" | "import"; summary: AcceptanceSummary }[];
  accuracy: AccuracySummary;
  anchoring: AnchoringEstimate;
  runs: RunUsage[];
}
