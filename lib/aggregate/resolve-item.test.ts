import { describe, expect, it } from "vitest";
import { resolveItem, type SingleLabelAnnotation } from "@/lib/aggregate/resolve-item";

const said = (...labels: (string | null)[]): SingleLabelAnnotation[] =>
  labels.map((label) => (label === null ? { label: null, notSure: true } : { label }));

describe("resolveItem, single-label", () => {
  it("puts an adjudication above everything, even a unanimous vote against it", () => {
    expect(resolveItem({ kind: "single-label", annotations: said("A", "A", "A"), adjudication: { label: "B" } })).toEqual({
      method: "adjudicated",
      labels: ["B"],
      agreement: 0,
      votes: 3,
      abstentions: 0,
    });
  });

  it("records no agreement for an adjudication nobody voted on", () => {
    expect(resolveItem({ kind: "single-label", annotations: said(null), adjudication: { label: "B" } })).toMatchObject({
      method: "adjudicated",
      agreement: null,
      votes: 0,
      abstentions: 1,
    });
  });

  it("calls an item unanimous when every vote names the same label, not-sure abstentions aside", () => {
    expect(resolveItem({ kind: "single-label", annotations: said("A", null, "A") })).toEqual({
      method: "unanimous",
      labels: ["A"],
      agreement: 1,
      votes: 2,
      abstentions: 1,
    });
  });

  it("calls an item with one vote single, not unanimous, and gives it no agreement figure", () => {
    expect(resolveItem({ kind: "single-label", annotations: said("A") })).toEqual({
      method: "single",
      labels: ["A"],
      agreement: null,
      votes: 1,
      abstentions: 0,
    });
    // One vote beside a not-sure abstention still rests on one person.
    expect(resolveItem({ kind: "single-label", annotations: said(null, "A") })).toMatchObject({ method: "single", votes: 1, abstentions: 1 });
  });

  it("counts a not-sure annotation that still names a label as a vote", () => {
    const annotations = [{ label: "A", notSure: true }, { label: "B" }, { label: "B" }];
    expect(resolveItem({ kind: "single-label", annotations })).toMatchObject({ method: "majority", labels: ["B"], agreement: 2 / 3, votes: 3 });
  });

  it("needs strictly more than the majority share: 2 of 4 is not a majority by default", () => {
    const annotations = said("A", "A", "B", "C");
    expect(resolveItem({ kind: "single-label", annotations })).toEqual({
      method: "unresolved",
      labels: [],
      reason: "no-majority",
      agreement: 0.5,
      votes: 4,
      abstentions: 0,
    });
    expect(resolveItem({ kind: "single-label", annotations, thresholds: { majorityShare: 0.4 } })).toMatchObject({
      method: "majority",
      labels: ["A"],
    });
  });

  it("never resolves a tie by majority, whatever the threshold", () => {
    expect(resolveItem({ kind: "single-label", annotations: said("A", "B"), thresholds: { majorityShare: 0 } })).toMatchObject({
      method: "unresolved",
      reason: "no-majority",
      agreement: 0.5,
    });
  });

  it("uses a confident Dawid–Skene posterior in place of the vote count", () => {
    const annotations = said("A", "A", "B");
    expect(resolveItem({ kind: "single-label", annotations, dawidSkene: { label: "B", posterior: 0.95 } })).toMatchObject({
      method: "dawid-skene",
      labels: ["B"],
      agreement: 1 / 3,
    });
    expect(resolveItem({ kind: "single-label", annotations, dawidSkene: { label: "B", posterior: 0.6 } })).toMatchObject({
      method: "unresolved",
      reason: "below-threshold",
      agreement: 2 / 3,
    });
    expect(
      resolveItem({ kind: "single-label", annotations, dawidSkene: { label: "B", posterior: 0.6 }, thresholds: { dawidSkenePosterior: 0.6 } }),
    ).toMatchObject({ method: "dawid-skene", labels: ["B"] });
  });

  it("ranks a unanimous vote above Dawid–Skene", () => {
    expect(resolveItem({ kind: "single-label", annotations: said("A", "A"), dawidSkene: { label: "B", posterior: 0.99 } })).toMatchObject({
      method: "unanimous",
      labels: ["A"],
    });
  });

  it("leaves an item with no votes unresolved", () => {
    expect(resolveItem({ kind: "single-label", annotations: said(null, null) })).toEqual({
      method: "unresolved",
      labels: [],
      reason: "no-votes",
      agreement: null,
      votes: 0,
      abstentions: 2,
    });
  });

  it("waits for the minimum number of votes unless an adjudicator decided", () => {
    const annotations = said("A", "A");
    expect(resolveItem({ kind: "single-label", annotations, thresholds: { minVotes: 3 } })).toMatchObject({
      method: "unresolved",
      reason: "too-few-votes",
      agreement: 1,
    });
    expect(resolveItem({ kind: "single-label", annotations, adjudication: { label: "A" }, thresholds: { minVotes: 3 } })).toMatchObject({
      method: "adjudicated",
      agreement: 1,
    });
  });
});

describe("resolveItem, multi-label", () => {
  it("calls an item unanimous when every label set is the same, in any order", () => {
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: ["B", "A"] }, { labels: ["A", "B", "A"] }] })).toEqual({
      method: "unanimous",
      labels: ["A", "B"],
      agreement: 1,
      votes: 2,
      abstentions: 0,
    });
  });

  it("calls an item with one label set single, even an empty one", () => {
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: ["B", "A"] }] })).toEqual({
      method: "single",
      labels: ["A", "B"],
      agreement: null,
      votes: 1,
      abstentions: 0,
    });
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: [] }] })).toMatchObject({ method: "single", labels: [] });
  });

  it("keeps each label chosen by a majority and measures agreement as exact set matches", () => {
    // A: 3 of 3, B: 2 of 3, C: 1 of 3 → {A, B}; only the first annotator chose exactly {A, B}.
    const annotations = [{ labels: ["A", "B"] }, { labels: ["A"] }, { labels: ["A", "B", "C"] }];
    expect(resolveItem({ kind: "multi-label", annotations })).toMatchObject({ method: "majority", labels: ["A", "B"], agreement: 1 / 3 });
  });

  it("resolves to no labels when a majority said none apply", () => {
    const annotations = [{ labels: [] }, { labels: [] }, { labels: ["A"] }];
    expect(resolveItem({ kind: "multi-label", annotations })).toMatchObject({ method: "majority", labels: [], agreement: 2 / 3 });
  });

  it("stays unresolved when no label and no 'none' reaches a majority", () => {
    const annotations = [{ labels: ["A"] }, { labels: ["B"] }, { labels: ["C"] }];
    expect(resolveItem({ kind: "multi-label", annotations })).toMatchObject({
      method: "unresolved",
      reason: "no-majority",
      agreement: 1 / 3,
    });
  });

  it("lets an empty not-sure selection abstain but counts an empty selection without the flag", () => {
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: ["A"] }, { labels: [], notSure: true }] })).toMatchObject({
      method: "single",
      labels: ["A"],
      votes: 1,
      abstentions: 1,
    });
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: ["A"] }, { labels: [] }] })).toMatchObject({
      method: "unresolved",
      reason: "no-majority",
      votes: 2,
    });
  });

  it("takes an adjudicated label set as given, deduplicated and in label order", () => {
    const annotations = [{ labels: ["A"] }, { labels: ["B", "A"] }];
    expect(resolveItem({ kind: "multi-label", annotations, adjudication: { labels: ["B", "A", "B"] } })).toMatchObject({
      method: "adjudicated",
      labels: ["A", "B"],
      agreement: 0.5,
    });
  });

  it("lets a Dawid–Skene verdict above the threshold decide a contested item, and holds it back below", () => {
    const annotations = [{ labels: ["A"] }, { labels: ["A", "B"] }, { labels: ["B"] }];
    expect(resolveItem({ kind: "multi-label", annotations, dawidSkene: { labels: ["B", "A"], posterior: 0.93 } })).toMatchObject({
      method: "dawid-skene",
      labels: ["A", "B"],
      agreement: 1 / 3,
    });
    expect(resolveItem({ kind: "multi-label", annotations, dawidSkene: { labels: ["A"], posterior: 0.5 } })).toMatchObject({
      method: "unresolved",
      reason: "below-threshold",
    });
    // Unanimity needs no model.
    expect(resolveItem({ kind: "multi-label", annotations: [{ labels: ["A"] }, { labels: ["A"] }], dawidSkene: { labels: ["B"], posterior: 0.99 } })).toMatchObject({
      method: "unanimous",
      labels: ["A"],
    });
  });
});
