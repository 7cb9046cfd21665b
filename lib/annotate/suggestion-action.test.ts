import { describe, expect, it } from "vitest";
import { deriveSuggestionAction, sameLabelSet } from "./suggestion-action";

describe("deriveSuggestionAction", () => {
  it("is none when no suggestion was shown, even if one existed (withheld for the anchoring control)", () => {
    expect(deriveSuggestionAction({ shown: false, suggested: ["spam"], submitted: ["spam"], notSure: false, rejectedByAnnotator: false })).toBe("none");
  });
  it("is accepted when the submitted labels equal the suggestion, in any order", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["a", "b"], submitted: ["b", "a"], notSure: false, rejectedByAnnotator: false })).toBe("accepted");
  });
  it("is changed when other labels were chosen", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["ham"], notSure: false, rejectedByAnnotator: false })).toBe("changed");
    expect(deriveSuggestionAction({ shown: true, suggested: ["a"], submitted: ["a", "b"], notSure: false, rejectedByAnnotator: false })).toBe("changed");
  });
  it("is rejected when the annotator dismissed it, or selected no label without being unsure", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["ham"], notSure: false, rejectedByAnnotator: true })).toBe("rejected");
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: [], notSure: false, rejectedByAnnotator: false })).toBe("rejected");
  });
  it("is not_sure, not rejected, when the annotator answered 'not sure' with no label", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: [], notSure: true, rejectedByAnnotator: false })).toBe("not_sure");
    // Even an empty suggestion (multi-label: "none apply") is not taken by an unsure empty answer.
    expect(deriveSuggestionAction({ shown: true, suggested: [], submitted: [], notSure: true, rejectedByAnnotator: false })).toBe("not_sure");
    // A "not sure" that still names a label is judged by that label.
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["spam"], notSure: true, rejectedByAnnotator: false })).toBe("accepted");
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["ham"], notSure: true, rejectedByAnnotator: false })).toBe("changed");
    expect(deriveSuggestionAction({ shown: false, suggested: ["spam"], submitted: [], notSure: true, rejectedByAnnotator: false })).toBe("none");
  });
  it("keeps an explicit rejection when the annotator then answers 'not sure' with no label", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: [], notSure: true, rejectedByAnnotator: true })).toBe("rejected");
    expect(deriveSuggestionAction({ shown: true, suggested: [], submitted: [], notSure: true, rejectedByAnnotator: true })).toBe("rejected");
  });
  it("cannot be rejected and accepted at once: matching labels win", () => {
    expect(deriveSuggestionAction({ shown: true, suggested: ["spam"], submitted: ["spam"], notSure: false, rejectedByAnnotator: true })).toBe("accepted");
  });
  it("compares label sets by content", () => {
    expect(sameLabelSet(["a"], ["a", "a"])).toBe(false);
    expect(sameLabelSet([], [])).toBe(true);
  });
});
