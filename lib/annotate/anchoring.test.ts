import { describe, expect, it } from "vitest";
import { anchoringDraw, annotatorSuggestion, isWithheld } from "./anchoring";

describe("anchoring control", () => {
  it("draws the same number for the same project and item, and another for another project", () => {
    expect(anchoringDraw("p1", 7)).toBe(anchoringDraw("p1", 7));
    expect(anchoringDraw("p1", 7)).not.toBe(anchoringDraw("p2", 7));
  });

  it("withholds close to the configured share, never at 0 and always at 1", () => {
    const draws = Array.from({ length: 20_000 }, (_, itemId) => anchoringDraw("project-a", itemId + 1));
    const share = draws.filter((u) => u < 0.1).length / draws.length;
    // Binomial(20000, 0.1): sd ≈ 0.0021, so ±0.01 is nearly 5 sd.
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
    expect(draws.every((u) => u >= 0 && u < 1)).toBe(true);
    expect(isWithheld({ projectId: "project-a", itemId: 1, share: 0 })).toBe(false);
    expect(isWithheld({ projectId: "project-a", itemId: 1, share: 1 })).toBe(true);
  });
});

describe("annotatorSuggestion", () => {
  const record = {
    id: 11,
    itemId: 3,
    sourceKind: "llm" as const,
    modelName: "m",
    modelVersion: "m-1",
    promptVersion: 2,
    labels: ["spam"],
    spans: null,
    confidence: 0.9,
    rationale: "Promises a prize.",
  };

  it("keeps only the id of a withheld suggestion, so the client cannot show its labels", () => {
    expect(annotatorSuggestion(record, { projectId: "p", anchoringShare: 1 })).toEqual({ withheld: true, id: 11 });
  });

  it("passes a shown suggestion with its source", () => {
    expect(annotatorSuggestion(record, { projectId: "p", anchoringShare: 0 })).toMatchObject({ withheld: false, id: 11, labels: ["spam"], model: "m", promptVersion: 2 });
  });

  it("passes a spans suggestion's spans when shown, and withholds them with the rest", () => {
    const spans = [{ start: 4, end: 9, label: "person" }];
    const shown = annotatorSuggestion({ ...record, spans }, { projectId: "p", anchoringShare: 0 });
    expect(shown).toMatchObject({ withheld: false, spans });
    expect(annotatorSuggestion({ ...record, spans }, { projectId: "p", anchoringShare: 1 })).toEqual({ withheld: true, id: 11 });
    expect("spans" in annotatorSuggestion(record, { projectId: "p", anchoringShare: 0 })).toBe(false);
  });
});
