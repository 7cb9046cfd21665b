// How a batch's words compare with the labelled pool's: the share of its words the pool never
// used, and the divergence of the two distributions of their most frequent words.
import { countTerms } from "@/lib/active-learning/hashed-features";
import { type Counts, jensenShannonBits } from "./distributions";

/** Words counted in this many most frequent tokens of each side for the top-k divergence. */
export const TOP_TOKENS = 100;

/**
 * The words of a text, counted: the active-learning features' tokenizer (lower-cased word
 * unigrams), so drift speaks of the same words the project model sees.
 */
export function tokenCounts(text: string): Map<string, number> {
  const words = new Map<string, number>();
  for (const [term, n] of countTerms(text, { maxWordNgram: 1, maxCharNgram: 0 })) words.set(term.slice(2), n);
  return words;
}

/**
 * Out-of-vocabulary rate: the share of the batch's word occurrences (not distinct words) whose
 * word never occurs in the pool. Null when either side has no words.
 */
export function outOfVocabularyRate(batch: Counts, pool: Counts): number | null {
  if (pool.size === 0) return null;
  let all = 0;
  let unseen = 0;
  for (const [word, n] of batch) {
    all += n;
    if (!pool.has(word)) unseen += n;
  }
  return all === 0 ? null : unseen / all;
}

/** The `k` most frequent words, ties broken by the word so the choice is stable. */
export function topWords(counts: Counts, k: number): string[] {
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0))
    .slice(0, k)
    .map(([word]) => word);
}

/**
 * Jensen–Shannon divergence (bits) of the two sides' distributions over the union of each side's
 * top `k` words, each renormalised over that union. Keeping to frequent words keeps the measure
 * about what the texts are mostly made of, not about the long tail of rare words (which the
 * out-of-vocabulary rate covers). Null when either side has none of those words.
 */
export function topWordsDivergenceBits(batch: Counts, pool: Counts, k: number = TOP_TOKENS): number | null {
  const words = [...new Set([...topWords(batch, k), ...topWords(pool, k)])];
  return jensenShannonBits(
    words.map((w) => batch.get(w) ?? 0),
    words.map((w) => pool.get(w) ?? 0),
  );
}
