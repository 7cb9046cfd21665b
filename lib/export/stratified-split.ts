import { SPLITS, type ExportRecord, type Split } from "@/lib/export/export-record";
import { seededSortKey } from "@/lib/export/seeded-sort-key";

/**
 * Stratified train/validation/test split with a fixed seed.
 *
 * Each item gets a seeded pseudo-random key from its id (seededSortKey). Within each label the items
 * are ranked by key; the first quota of the ranking goes to train, the next to validation, the rest
 * to test, with quotas per label from largest-remainder rounding. Because the key depends only on
 * (id, seed) and the ranking only on the set of keys, the result does not depend on input order,
 * and the plan keeps one boundary key per split and label, never the ids: planning costs 8 bytes
 * per item (a float64 key, freed afterwards), so a million items need no id list in memory.
 *
 * Items are stratified by their first label (stratumOf); an item with no label forms the "" stratum.
 * Ids must be unique. Should two ids of one label share a key exactly at a boundary (about 5e-5 for
 * a million items that any two share a key at all), both land in the earlier split: still
 * deterministic, one item off the quota.
 */

export type SplitFractions = Record<Split, number>;
export type SplitSettings = { seed: number; fractions: SplitFractions };
export type SplitItem = { id: string; label: string };
export type SplitCounts = Record<Split, number>;

export type StratifiedSplitPlan = {
  settings: SplitSettings;
  /** Items per split for each label, labels in code-unit order. */
  countsByLabel: ReadonlyMap<string, SplitCounts>;
  /**
   * The split of an item that was in the planning input. An id that was not gets the split its key
   * falls in; a label that was not is an error.
   */
  splitOf(item: SplitItem): Split;
};

/** Fraction total may be off 1 by this much, so 0.7 + 0.2 + 0.1 is accepted. */
const FRACTION_TOLERANCE = 1e-9;

export function stratumOf(record: Pick<ExportRecord, "labels">): string {
  return record.labels[0] ?? "";
}

export async function planStratifiedSplit(
  items: Iterable<SplitItem> | AsyncIterable<SplitItem>,
  settings: SplitSettings,
): Promise<StratifiedSplitPlan> {
  assertSplitSettings(settings);
  const keysByLabel = new Map<string, GrowableKeys>();
  for await (const item of items) {
    let keys = keysByLabel.get(item.label);
    if (keys === undefined) {
      keys = new GrowableKeys();
      keysByLabel.set(item.label, keys);
    }
    keys.push(seededSortKey(item.id, settings.seed));
  }

  const countsByLabel = new Map<string, SplitCounts>();
  const boundsByLabel = new Map<string, SplitBound[]>();
  for (const label of [...keysByLabel.keys()].sort()) {
    const sortedKeys = (keysByLabel.get(label) as GrowableKeys).sorted();
    const counts = splitQuotas(sortedKeys.length, settings.fractions);
    countsByLabel.set(label, counts);
    boundsByLabel.set(label, splitBounds(sortedKeys, counts));
  }

  return {
    settings,
    countsByLabel,
    splitOf(item) {
      const bounds = boundsByLabel.get(item.label);
      if (bounds === undefined) {
        throw new Error(
          `item "${item.id}" has label "${item.label}", which was not in the items the split was planned from; ` +
            "plan the split from the same snapshot you export.",
        );
      }
      const key = seededSortKey(item.id, settings.seed);
      for (const bound of bounds) if (key <= bound.maxKey) return bound.split;
      return (bounds[bounds.length - 1] as SplitBound).split;
    },
  };
}

/** Sets each record's split from the plan, keeping everything else. */
export async function* assignSplits(
  records: Iterable<ExportRecord> | AsyncIterable<ExportRecord>,
  plan: StratifiedSplitPlan,
): AsyncGenerator<ExportRecord> {
  for await (const record of records) {
    // Object.assign rather than spread: spread costs about 2 µs more per record in V8, 2 s a million.
    yield Object.assign({}, record, { split: plan.splitOf({ id: record.id, label: stratumOf(record) }) });
  }
}

/**
 * Largest-remainder rounding: each split gets the floor of total × fraction, then the items left go
 * one each to the splits with the largest fractional parts (ties in train, validation, test order).
 * A split with fraction 0 never gets an item.
 */
export function splitQuotas(total: number, fractions: SplitFractions): SplitCounts {
  const shares = SPLITS.map((split, order) => {
    const exact = total * fractions[split];
    // The epsilon keeps 90 × 0.1 = 9.000000000000002 and 10 × 0.7 = 6.999999999999999 on their integer.
    const count = Math.floor(exact + FRACTION_TOLERANCE);
    return { split, order, count, remainder: exact - count };
  });
  let left = total - shares.reduce((sum, share) => sum + share.count, 0);
  const byRemainder = shares
    .filter((share) => fractions[share.split] > 0)
    .sort((a, b) => b.remainder - a.remainder || a.order - b.order);
  for (const share of byRemainder) {
    if (left <= 0) break;
    share.count++;
    left--;
  }
  return Object.fromEntries(shares.map((share) => [share.split, share.count])) as SplitCounts;
}

export function assertSplitSettings(settings: SplitSettings): void {
  const { seed, fractions } = settings;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new RangeError(`split seed must be a whole number from 0 to 4294967295, got ${seed}.`);
  }
  for (const split of SPLITS) {
    const fraction = fractions[split];
    if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
      throw new RangeError(`split fraction for ${split} must be between 0 and 1, got ${fraction}.`);
    }
  }
  const total = SPLITS.reduce((sum, split) => sum + fractions[split], 0);
  if (Math.abs(total - 1) > FRACTION_TOLERANCE) {
    const parts = SPLITS.map((split) => `${split} ${fractions[split]}`).join(", ");
    throw new RangeError(`split fractions must add up to 1, got ${total} (${parts}).`);
  }
}

type SplitBound = { split: Split; maxKey: number };

/** The largest key of each non-empty split in the ranking; splits with no items are skipped. */
function splitBounds(sortedKeys: Float64Array, counts: SplitCounts): SplitBound[] {
  const bounds: SplitBound[] = [];
  let end = 0;
  for (const split of SPLITS) {
    if (counts[split] === 0) continue;
    end += counts[split];
    bounds.push({ split, maxKey: sortedKeys[end - 1] as number });
  }
  return bounds;
}

class GrowableKeys {
  private keys = new Float64Array(1024);
  private length = 0;

  push(key: number): void {
    if (this.length === this.keys.length) {
      const grown = new Float64Array(this.keys.length * 2);
      grown.set(this.keys);
      this.keys = grown;
    }
    this.keys[this.length++] = key;
  }

  sorted(): Float64Array {
    return this.keys.subarray(0, this.length).sort();
  }
}
