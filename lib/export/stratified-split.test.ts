import { describe, expect, it } from "vitest";

import type { Split } from "@/lib/export/export-record";
import {
  assignSplits,
  planStratifiedSplit,
  splitQuotas,
  type SplitItem,
  type SplitSettings,
  type StratifiedSplitPlan,
} from "@/lib/export/stratified-split";
import { exportRecord } from "@/lib/export/testing/export-fixtures";

const EIGHTY_TEN_TEN: SplitSettings = { seed: 42, fractions: { train: 0.8, validation: 0.1, test: 0.1 } };

// 10 spam and 90 ham, ids interleaved as a paged query ordered by id would return them.
const items: SplitItem[] = Array.from({ length: 100 }, (_, index) => ({
  id: `item-${String(index).padStart(3, "0")}`,
  label: index % 10 === 3 ? "spam" : "ham",
}));

function assignment(plan: StratifiedSplitPlan, input: SplitItem[]): Map<string, Split> {
  return new Map(input.map((item) => [item.id, plan.splitOf(item)]));
}

function tally(plan: StratifiedSplitPlan, input: SplitItem[], label: string): Record<Split, number> {
  const counts = { train: 0, validation: 0, test: 0 };
  for (const item of input) if (item.label === label) counts[plan.splitOf(item)]++;
  return counts;
}

describe("splitQuotas", () => {
  it("keeps each label's proportion: 10 spam → 8/1/1 and 90 ham → 72/9/9 at 0.8/0.1/0.1", () => {
    expect(splitQuotas(10, EIGHTY_TEN_TEN.fractions)).toEqual({ train: 8, validation: 1, test: 1 });
    expect(splitQuotas(90, EIGHTY_TEN_TEN.fractions)).toEqual({ train: 72, validation: 9, test: 9 });
  });

  it("hands leftover items to the largest remainders, ties in train, validation, test order", () => {
    // 7 × (0.8, 0.1, 0.1) = 5.6, 0.7, 0.7: floors 5/0/0, two left for the 0.7s.
    expect(splitQuotas(7, EIGHTY_TEN_TEN.fractions)).toEqual({ train: 5, validation: 1, test: 1 });
    // 3 × (0.5, 0.25, 0.25) = 1.5, 0.75, 0.75: floors 1/0/0, two left for the 0.75s.
    expect(splitQuotas(3, { train: 0.5, validation: 0.25, test: 0.25 })).toEqual({ train: 1, validation: 1, test: 1 });
    // Equal remainders: thirds of 1 and of 2 go to train first, then validation.
    const thirds = { train: 1 / 3, validation: 1 / 3, test: 1 / 3 };
    expect(splitQuotas(1, thirds)).toEqual({ train: 1, validation: 0, test: 0 });
    expect(splitQuotas(2, thirds)).toEqual({ train: 1, validation: 1, test: 0 });
    // 1 × (0.4, 0.3, 0.3): one left, largest remainder is train.
    expect(splitQuotas(1, { train: 0.4, validation: 0.3, test: 0.3 })).toEqual({ train: 1, validation: 0, test: 0 });
    // 10 × 0.7 is 6.999999999999999 in floating point and must still count as 7.
    expect(splitQuotas(10, { train: 0.7, validation: 0.2, test: 0.1 })).toEqual({ train: 7, validation: 2, test: 1 });
  });

  it("never gives an item to a split with fraction 0", () => {
    expect(splitQuotas(5, { train: 0.5, validation: 0, test: 0.5 })).toEqual({ train: 3, validation: 0, test: 2 });
  });
});

describe("planStratifiedSplit", () => {
  it("assigns 8/1/1 of 10 spam and 72/9/9 of 90 ham", async () => {
    const plan = await planStratifiedSplit(items, EIGHTY_TEN_TEN);
    expect(plan.countsByLabel.get("spam")).toEqual({ train: 8, validation: 1, test: 1 });
    expect(plan.countsByLabel.get("ham")).toEqual({ train: 72, validation: 9, test: 9 });
    expect(tally(plan, items, "spam")).toEqual({ train: 8, validation: 1, test: 1 });
    expect(tally(plan, items, "ham")).toEqual({ train: 72, validation: 9, test: 9 });
  });

  it("gives the same assignment whatever order the items arrive in", async () => {
    const reference = assignment(await planStratifiedSplit(items, EIGHTY_TEN_TEN), items);
    const reversed = [...items].reverse();
    const labelsFirst = [...items].sort((a, b) => a.label.localeCompare(b.label) || b.id.localeCompare(a.id));
    async function* paged() {
      yield* reversed;
    }
    for (const input of [reversed, labelsFirst]) {
      expect(assignment(await planStratifiedSplit(input, EIGHTY_TEN_TEN), items)).toEqual(reference);
    }
    expect(assignment(await planStratifiedSplit(paged(), EIGHTY_TEN_TEN), items)).toEqual(reference);
  });

  it("gives the same assignment for the same seed and a different one for another seed", async () => {
    const first = assignment(await planStratifiedSplit(items, EIGHTY_TEN_TEN), items);
    const again = assignment(await planStratifiedSplit(items, { ...EIGHTY_TEN_TEN }), items);
    const otherSeed = assignment(await planStratifiedSplit(items, { ...EIGHTY_TEN_TEN, seed: 43 }), items);
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    // Another seed reshuffles but keeps every quota.
    const otherPlan = await planStratifiedSplit(items, { ...EIGHTY_TEN_TEN, seed: 43 });
    expect(tally(otherPlan, items, "spam")).toEqual({ train: 8, validation: 1, test: 1 });
  });

  it("does not simply take the first ids of each label", async () => {
    const plan = await planStratifiedSplit(items, EIGHTY_TEN_TEN);
    const hamSplits = items.filter((item) => item.label === "ham").map((item) => plan.splitOf(item));
    expect(hamSplits.slice(0, 72).every((split) => split === "train")).toBe(false);
  });

  it("refuses fractions that do not add up to 1, bad seeds, and labels it was not planned with", async () => {
    await expect(
      planStratifiedSplit(items, { seed: 1, fractions: { train: 0.8, validation: 0.1, test: 0 } }),
    ).rejects.toThrow("split fractions must add up to 1, got 0.9");
    await expect(planStratifiedSplit(items, { ...EIGHTY_TEN_TEN, seed: -1 })).rejects.toThrow("split seed");
    await expect(planStratifiedSplit(items, { ...EIGHTY_TEN_TEN, seed: 1.5 })).rejects.toThrow("split seed");
    const plan = await planStratifiedSplit(items, EIGHTY_TEN_TEN);
    expect(() => plan.splitOf({ id: "new", label: "phishing" })).toThrow('label "phishing"');
  });
});

describe("assignSplits", () => {
  it("sets each record's split from its first label and keeps the rest of the record", async () => {
    const plan = await planStratifiedSplit(items, EIGHTY_TEN_TEN);
    const records = items.map((item) => exportRecord({ id: item.id, labels: [item.label, "extra"] }));
    const assigned = [];
    for await (const record of assignSplits(records, plan)) assigned.push(record);
    expect(assigned.map((record) => record.split)).toEqual(items.map((item) => plan.splitOf(item)));
    expect(assigned.map((record) => ({ ...record, split: undefined }))).toEqual(records);
  });
});
