// Drift per import batch: how each batch of items differs from the labelled pool (items with a
// resolution other than unresolved, outside the batch), by its resolved labels, its text lengths
// and its words. Items arrive one at a time (a page at a time from the database), so a project of
// any size is summarised in memory proportional to its distinct lengths and words, not its items.
import { type HomogeneityTest, chiSquareHomogeneity } from "./chi-square";
import { type Counts, addCounts, alignCounts, jensenShannonBits, subtractCounts, sum } from "./distributions";
import { type KolmogorovSmirnov, kolmogorovSmirnov, medianOfCounts } from "./kolmogorov-smirnov";
import { TOP_TOKENS, outOfVocabularyRate, tokenCounts, topWordsDivergenceBits } from "./vocabulary";

/** One item as drift reads it. `resolvedLabels` is null while the item is unresolved. */
export type DriftItem = { batchId: number | null; text: string; resolvedLabels: readonly string[] | null };

/**
 * When a batch is flagged as drifted. A test-backed measure counts only when the test says the
 * difference is unlikely by chance (p < 0.01) AND the difference is large enough to matter, since
 * on a large project a tiny difference is "significant". These are starting values, not fitted on
 * real projects: JS 0.1 bit is about an 85/15 split against a 50/50 one, KS D 0.2 a fifth of the
 * items moving across the length distribution. The out-of-vocabulary rate shrinks as the pool
 * grows, so its threshold speaks of a batch of new kinds of text, not of a few new names.
 */
export const DRIFT_THRESHOLDS = {
  /** Fewest labelled pool items a batch is compared with; below it nothing is flagged. */
  minPoolItems: 5,
  /** Label distribution: JS divergence (bits) at or above this, with the chi-square p below `pValue`. */
  labelJsBits: 0.1,
  /** Fewest resolved items of the batch before its labels are judged. */
  minResolvedForLabels: 5,
  /** Text length: KS D at or above this, with its p below `pValue`. */
  lengthKsD: 0.2,
  /** Vocabulary: out-of-vocabulary rate at or above this. */
  outOfVocabularyRate: 0.3,
  /** Vocabulary: JS divergence (bits) of the top words at or above this. */
  topWordsJsBits: 0.3,
  pValue: 0.01,
} as const;

export type BatchDrift = {
  batchId: number;
  items: number;
  resolved: number;
  /** Labelled items the batch is compared with (the pool without the batch). */
  poolItems: number;
  labels: {
    /** Label counts among the batch's resolved items, and the pool's (a multi-label item counts once per label). */
    batch: Record<string, number>;
    pool: Record<string, number>;
    jsBits: number | null;
    test: HomogeneityTest | null;
  };
  length: { batchMedian: number | null; poolMedian: number | null; ks: KolmogorovSmirnov | null };
  vocabulary: { outOfVocabularyRate: number | null; topWordsJsBits: number | null; topWords: number };
  drifted: boolean;
  /** Which thresholds the batch crossed, in words, for the lead. */
  reasons: string[];
};

type Summary = { items: number; labels: Map<string, number>; lengths: Map<number, number>; words: Map<string, number> };

const emptySummary = (): Summary => ({ items: 0, labels: new Map(), lengths: new Map(), words: new Map() });

/** Length in code points, so an emoji counts as one character. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Collects items, then reports every batch's drift against the pool without it. */
export class DriftAccumulator {
  /** Every item of each batch (the new data as it is). */
  private readonly batches = new Map<number, Summary>();
  /** The resolved items of each batch, and of items older than import batches (key null). */
  private readonly resolvedByBatch = new Map<number | null, Summary>();
  private readonly pool = emptySummary();

  add(item: DriftItem): void {
    const length = textLength(item.text);
    const words = tokenCounts(item.text);
    if (item.batchId !== null) {
      let batch = this.batches.get(item.batchId);
      if (!batch) this.batches.set(item.batchId, (batch = emptySummary()));
      addItem(batch, length, words, []);
    }
    if (item.resolvedLabels === null) return;
    let resolved = this.resolvedByBatch.get(item.batchId);
    if (!resolved) this.resolvedByBatch.set(item.batchId, (resolved = emptySummary()));
    addItem(resolved, length, words, item.resolvedLabels);
    addItem(this.pool, length, words, item.resolvedLabels);
  }

  /** The drift of every batch that has items, by batch id. */
  report(): BatchDrift[] {
    return [...this.batches.keys()].sort((a, b) => a - b).map((batchId) => this.batchDrift(batchId));
  }

  private batchDrift(batchId: number): BatchDrift {
    const batch = this.batches.get(batchId)!;
    const resolved = this.resolvedByBatch.get(batchId) ?? emptySummary();
    const pool: Summary = {
      items: this.pool.items - resolved.items,
      labels: subtractCounts(this.pool.labels, resolved.labels),
      lengths: subtractCounts(this.pool.lengths, resolved.lengths),
      words: subtractCounts(this.pool.words, resolved.words),
    };
    const aligned = alignCounts(resolved.labels, pool.labels);
    const labels = {
      batch: Object.fromEntries(resolved.labels),
      pool: Object.fromEntries(pool.labels),
      jsBits: jensenShannonBits(aligned.a, aligned.b),
      test: chiSquareHomogeneity(aligned.a, aligned.b),
    };
    const length = { batchMedian: medianOfCounts(batch.lengths), poolMedian: medianOfCounts(pool.lengths), ks: kolmogorovSmirnov(batch.lengths, pool.lengths) };
    const vocabulary = {
      outOfVocabularyRate: outOfVocabularyRate(batch.words, pool.words),
      topWordsJsBits: sum(batch.words.values()) > 0 && pool.words.size > 0 ? topWordsDivergenceBits(batch.words, pool.words) : null,
      topWords: TOP_TOKENS,
    };
    const reasons = driftReasons({ poolItems: pool.items, resolved: resolved.items, labels, length, vocabulary });
    return { batchId, items: batch.items, resolved: resolved.items, poolItems: pool.items, labels, length, vocabulary, drifted: reasons.length > 0, reasons };
  }
}

function addItem(summary: Summary, length: number, words: Counts, labels: readonly string[]): void {
  summary.items += 1;
  summary.lengths.set(length, (summary.lengths.get(length) ?? 0) + 1);
  addCounts(summary.words, words);
  for (const label of labels) summary.labels.set(label, (summary.labels.get(label) ?? 0) + 1);
}

/** The thresholds of DRIFT_THRESHOLDS a batch crossed; none when the pool is too small to say. */
export function driftReasons(d: Pick<BatchDrift, "poolItems" | "resolved" | "labels" | "length" | "vocabulary">): string[] {
  const t = DRIFT_THRESHOLDS;
  if (d.poolItems < t.minPoolItems) return [];
  const reasons: string[] = [];
  const { jsBits, test } = d.labels;
  if (d.resolved >= t.minResolvedForLabels && jsBits !== null && test !== null && jsBits >= t.labelJsBits && test.pValue < t.pValue) {
    reasons.push(`labels differ (JS ${jsBits.toFixed(2)} bits, p ${formatP(test.pValue)})`);
  }
  const ks = d.length.ks;
  if (ks !== null && ks.d >= t.lengthKsD && ks.pValue < t.pValue) reasons.push(`text lengths differ (KS D ${ks.d.toFixed(2)}, p ${formatP(ks.pValue)})`);
  const oov = d.vocabulary.outOfVocabularyRate;
  if (oov !== null && oov >= t.outOfVocabularyRate) reasons.push(`${Math.round(oov * 100)}% of its words are new to the pool`);
  const top = d.vocabulary.topWordsJsBits;
  if (top !== null && top >= t.topWordsJsBits) reasons.push(`frequent words differ (JS ${top.toFixed(2)} bits)`);
  return reasons;
}

export function formatP(p: number): string {
  return p < 0.001 ? "< 0.001" : p.toFixed(3);
}
