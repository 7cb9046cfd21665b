import { describe, expect, it } from "vitest";
import { planSpanRanking, spanModelBits, spanUntrainedReason, type SpanExample } from "./span-ranking";
import { itemSentence, spanTags } from "./span-sentences";

const TYPES = ["person", "location"];

describe("spanModelBits", () => {
  it("keeps the benchmark's 2^20 buckets for a few types and fewer for many (at most 2^24 weights)", () => {
    expect(spanModelBits(5)).toBe(20);
    expect(spanModelBits(16)).toBe(20);
    // 2^24 / 41 tags ≈ 409,200 ≥ 2^18 = 262,144 but < 2^19.
    expect(spanModelBits(41)).toBe(18);
  });
});

describe("spanUntrainedReason", () => {
  it("needs a settled item, and an entity among the settled items", () => {
    expect(spanUntrainedReason(0, [0, 0])).toBe("no item has settled spans yet");
    expect(spanUntrainedReason(3, [0, 0])).toMatch(/^no settled item has an entity yet/);
    expect(spanUntrainedReason(3, [0, 1])).toBeNull();
  });
});

describe("planSpanRanking", () => {
  const texts = ["Ana lives in Lima", "Bo flew to Quito", "nothing to see", "Carla met Dan in Oslo", "we love Porto"];
  const bits = spanModelBits(5);
  const sentences = texts.map((text) => itemSentence(text, bits));
  const example = (row: number, spans: { start: number; end: number; label: string }[]): SpanExample => ({
    row,
    tags: spanTags(sentences[row]!.tokenized, spans, TYPES),
    heldOut: false,
  });
  const base = { types: TYPES, sentences: sentences.map((s) => s.features), explorationShare: 0, seed: 1 };

  it("keeps project order without a model: open rows ascending, no scores", () => {
    const plan = planSpanRanking({ ...base, open: Uint8Array.from([1, 0, 1, 1, 1]), examples: [example(1, [])] });
    expect(plan.model).toBeNull();
    expect(plan.untrained).toMatch(/^no settled item has an entity yet/);
    expect(Array.from(plan.order)).toEqual([0, 2, 3, 4]);
    expect(plan.scores.every((score) => score === null)).toBe(true);
    expect(plan.heldOut).toEqual({ evaluated: false, reason: plan.untrained });
  });

  it("with a model, orders the open rows by entity-level uncertainty, highest first, and leaves closed rows out", () => {
    const examples = [example(0, [{ start: 0, end: 3, label: "person" }, { start: 13, end: 17, label: "location" }]), example(1, [{ start: 0, end: 2, label: "person" }, { start: 11, end: 16, label: "location" }])];
    const plan = planSpanRanking({ ...base, open: Uint8Array.from([0, 0, 1, 1, 1]), examples });
    expect(plan.model).not.toBeNull();
    expect(plan.entityCounts).toEqual([2, 2]);
    expect([...plan.order].sort()).toEqual([2, 3, 4]);
    const scores = Array.from(plan.order, (row) => plan.scores[row]!.uncertainty);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(plan.scores[0]).toBeNull();
    expect(plan.scores[1]).toBeNull();
    for (const row of plan.order) expect(plan.scores[row]).toMatchObject({ exploration: false, confidence: 1 - plan.scores[row]!.uncertainty });
    expect(plan.heldOut).toEqual({ evaluated: false, reason: "2 items have settled spans; the estimate needs 20" });
  });
});
