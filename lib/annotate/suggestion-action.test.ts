import { describe, expect, it } from "vitest";
import { deriveSuggestionAction, sameLabelSet } from "./suggestion-action";

describe("deriveSuggestionAction", () => {
  it("is none when no suggestion was shown, even if one existed (withheld for the anchoring control)", () => {
    expect(deriveSuggestionAction({ shown: false, suggested: ["spam"], submitted: ["spam"], rejectedByAnnotator: false })).toBe("none");
  });
  it("is accepted when the submitted labels equal the suggestion, in any order", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["a", "b"], submitted: ["b", "a"], rejectedByAnnotator: false })).toBe("accepted");
  });
  it("is changed when other labels were chosen", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["ham"], rejectedByAnnotator: false })).toBe("changed");
    expect(deriveSuggestionAction({ shown: true, suggested: ["a"], submitted: ["a", "b"], rejectedByAnnotator: false })).toBe("changed");
  });
  it("is rejected when the annotator dismissed it, or answered only 'not sure'", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["ham"], rejectedByAnnotator: true })).toBe("rejected");
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: [], rejectedByAnnotator: false })).toBe("rejected");
  });
  it("cannot be rejected and accepted at once: matching labels win", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["spam"], rejectedByAnnotator: true })).toBe("accepted");
  });
  it("compares label sets by content", () => {
    expect(sameLabelSet(["a"], ["a", "a"])).toBe(false);
    expect(sameLabelSet([], [])).toBe(true);
  });
});
