import { orderByScoreDescending } from "./score-order";
import { seededRandom } from "@/lib/random";

/** Share of queue positions given to random items by default, so the model sees beyond its doubts. */
export const DEFAULT_EXPLORATION_SHARE = 0.1;

export interface RankingOptions {
  /** What produced the scores ("margin", "entropy", "diversity", ...); recorded in every entry. */
  readonly strategy: string;
  readonly seed: number;
  readonly explorationShare?: number;
  /** skip[i] = 1 leaves item i out of the queue (already labelled, leased to someone else). */
  readonly skip?: Uint8Array;
  /** Adds `boost` to items whose predicted class is one of `classes` (see `rareClasses`). */
  readonly rareClassBoost?: {
    readonly predicted: ArrayLike<number>;
    readonly classes: readonly number[];
    readonly boost: number;
  };
  /**
   * A further additive term per item, e.g. a boost where an LLM suggestion and the model disagree.
   * Called once per eligible item.
   */
  readonly extraBoost?: (item: number) => number;
}

export interface RankedEntry {
  readonly index: number;
  /** The ranking score: uncertainty + boosts. */
  readonly score: number;
  readonly uncertainty: number;
  readonly strategy: string;
  /** True when a random draw, not the score, put the item at this position. */
  readonly exploration: boolean;
  readonly boosts: { readonly rareClass: number; readonly extra: number };
}

/**
 * The queue as parallel arrays (a million entry objects would cost more than the ranking);
 * `entryAt` and `slice` give the explained entries for the positions someone looks at.
 */
export interface RankedQueue {
  readonly length: number;
  /** Item index at each queue position. */
  readonly order: Uint32Array;
  /** 1 where the position is an exploration slot. */
  readonly exploration: Uint8Array;
  entryAt(position: number): RankedEntry;
  slice(start: number, end: number): RankedEntry[];
}

/**
 * Orders eligible items by uncertainty + boosts, highest first, then gives a share of positions
 * to random items. The exploration positions are stratified: with share s, the j-th of
 * floor(s * n) exploration slots is drawn uniformly from positions [j/s, (j+1)/s), so every
 * stretch of the queue (the first ten items too) carries its share, not just the queue as a whole.
 * The random items are distinct and drawn uniformly from all eligible items; each item appears
 * exactly once. Reproducible from `seed`.
 */
export function rankQueue(uncertainty: Float32Array, options: RankingOptions): RankedQueue {
  const share = options.explorationShare ?? DEFAULT_EXPLORATION_SHARE;
  if (!(share >= 0 && share <= 1)) throw new RangeError(`ranking: explorationShare must be in [0, 1], got ${share}`);
  const items = uncertainty.length;
  const rare = rareBoostPerItem(items, options);
  const extra = options.extraBoost ? new Float32Array(items) : null;

  let ranking = uncertainty;
  if (rare || extra) {
    ranking = new Float32Array(items);
    for (let i = 0; i < items; i++) {
      if (options.skip?.[i]) continue;
      if (extra && options.extraBoost) extra[i] = options.extraBoost(i);
      ranking[i] = (uncertainty[i] as number) + (rare?.[i] ?? 0) + (extra?.[i] ?? 0);
    }
  }
  const byScore = orderByScoreDescending(ranking, options.skip);
  const length = byScore.length;
  const order = new Uint32Array(length);
  const exploration = new Uint8Array(length);

  const random = seededRandom(options.seed);
  const slots = share > 0 ? Math.floor(share * length) : 0;
  const pool = slots > 0 ? Uint32Array.from(byScore) : new Uint32Array(0);
  const taken = new Uint8Array(slots > 0 ? items : 0);
  for (let j = 0; j < slots; j++) {
    const from = Math.floor(j / share);
    const to = Math.min(length, Math.floor((j + 1) / share));
    const position = from + random.int(to - from);
    // Partial Fisher-Yates over the eligible items: a distinct uniform item per slot.
    const draw = j + random.int(length - j);
    const item = pool[draw] as number;
    pool[draw] = pool[j] as number;
    pool[j] = item;
    exploration[position] = 1;
    order[position] = item;
    taken[item] = 1;
  }
  let next = 0;
  for (let position = 0; position < length; position++) {
    if (exploration[position]) continue;
    while (slots > 0 && taken[byScore[next] as number]) next++;
    order[position] = byScore[next++] as number;
  }

  const entryAt = (position: number): RankedEntry => {
    const index = order[position];
    if (index === undefined) throw new RangeError(`ranking: position ${position} is outside the queue of ${length}`);
    const rareClass = rare?.[index] ?? 0;
    const extraBoost = extra?.[index] ?? 0;
    return {
      index,
      score: ranking[index] as number,
      uncertainty: uncertainty[index] as number,
      strategy: options.strategy,
      exploration: exploration[position] === 1,
      boosts: { rareClass, extra: extraBoost },
    };
  };
  return {
    length,
    order,
    exploration,
    entryAt,
    slice: (start, end) => {
      const entries: RankedEntry[] = [];
      for (let position = Math.max(0, start); position < Math.min(end, length); position++) entries.push(entryAt(position));
      return entries;
    },
  };
}

/**
 * Classes whose share of the labels so far is below `shareBelow` (default: half of an even share,
 * 1 / (2k)); these are the classes worth a boost, because more of their examples are what the
 * model lacks most. Nothing is rare before the first label.
 */
export function rareClasses(labelCounts: ArrayLike<number>, shareBelow = 1 / (2 * labelCounts.length)): number[] {
  let total = 0;
  for (let c = 0; c < labelCounts.length; c++) total += labelCounts[c] as number;
  const rare: number[] = [];
  for (let c = 0; c < labelCounts.length; c++) {
    if (total > 0 && (labelCounts[c] as number) / total < shareBelow) rare.push(c);
  }
  return rare;
}

function rareBoostPerItem(items: number, options: RankingOptions): Float32Array | null {
  const settings = options.rareClassBoost;
  if (!settings || settings.boost === 0 || settings.classes.length === 0) return null;
  if (settings.predicted.length !== items) {
    throw new RangeError(`ranking: ${settings.predicted.length} predicted classes for ${items} items`);
  }
  // A lookup table per class: a million Set lookups would cost more than the sort.
  const isRare = new Uint8Array(Math.max(...settings.classes) + 1);
  for (const c of settings.classes) isRare[c] = 1;
  const boost = new Float32Array(items);
  for (let i = 0; i < items; i++) if (isRare[settings.predicted[i] as number] === 1) boost[i] = settings.boost;
  return boost;
}
