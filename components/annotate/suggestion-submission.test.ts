import { describe, expect, it } from "vitest";
import { suggestionFields } from "./suggestion-submission";

const shown = {
  withheld: false as const,
  id: 4,
  sourceKind: "llm" as const,
  model: "m",
  modelVersion: null,
  promptVersion: 1,
  labels: ["spam"],
  confidence: 0.9,
  rationale: null,
};

describe("suggestionFields", () => {
  it("says nothing when the item has no suggestion", () => {
    expect(suggestionFields(null, false)).toEqual({});
    expect(suggestionFields(undefined, true)).toEqual({});
  });
  it("names a withheld suggestion as not shown, so the anchoring control can compare", () => {
    expect(suggestionFields({ withheld: true, id: 9 }, false)).toEqual({ suggestionId: 9, suggestionShown: false });
  });
  it("names a shown suggestion and passes an explicit rejection", () => {
    expect(suggestionFields(shown, false)).toEqual({ suggestionId: 4, suggestionShown: true, rejectedSuggestion: false });
    expect(suggestionFields(shown, true)).toEqual({ suggestionId: 4, suggestionShown: true, rejectedSuggestion: true });
  });
});
