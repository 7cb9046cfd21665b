import { describe, expect, it } from "vitest";
import { reviewNeed } from "./review-need";
import type { ItemResolution } from "@/lib/aggregate/resolve-item";

const base = { notSure: 0, awaitingAnnotations: false, awaitingRequestedAnnotations: false, llmLabels: null, agreementThreshold: 0.75 };
const unanimous: ItemResolution = { method: "unanimous", labels: ["spam"], agreement: 1, votes: 2, abstentions: 0 };
const split: ItemResolution = { method: "unresolved", labels: [], reason: "no-majority", agreement: 0.5, votes: 2, abstentions: 0 };

describe("reviewNeed", () => {
  it("leaves unanimous items alone", () => {
    expect(reviewNeed({ ...base, resolution: unanimous })).toEqual({ need: 0, reasons: [] });
  });
  it("sends a 1-1 split to review with need 1 + (1 - 0.5)", () => {
    expect(reviewNeed({ ...base, resolution: split })).toEqual({ need: 1.5, reasons: ["disagreement"] });
  });
  it("waits for all annotations before calling it a disagreement, but flags not-sure at once", () => {
    expect(reviewNeed({ ...base, resolution: split, awaitingAnnotations: true })).toEqual({ need: 0, reasons: [] });
    const single: ItemResolution = { method: "unresolved", labels: [], reason: "no-votes", agreement: null, votes: 0, abstentions: 1 };
    expect(reviewNeed({ ...base, resolution: single, notSure: 1, awaitingAnnotations: true })).toEqual({ need: 0.75, reasons: ["not_sure"] });
  });
  it("leaves out an item sent back until the annotations asked for arrive, even one marked not sure", () => {
    const notSureSplit = { ...base, resolution: split, notSure: 1, awaitingAnnotations: true };
    expect(reviewNeed(notSureSplit)).toEqual({ need: 0.75, reasons: ["not_sure"] });
    expect(reviewNeed({ ...notSureSplit, awaitingRequestedAnnotations: true })).toEqual({ need: 0, reasons: [] });
  });
  it("flags a majority below the agreement threshold", () => {
    const twoOfThree: ItemResolution = { method: "majority", labels: ["ham"], agreement: 2 / 3, votes: 3, abstentions: 0 };
    const r = reviewNeed({ ...base, resolution: twoOfThree });
    expect(r.reasons).toEqual(["disagreement"]);
    expect(r.need).toBeCloseTo(1 + 1 / 3, 6);
  });
  it("lets a confident Dawid–Skene resolution settle a split vote", () => {
    const modelled: ItemResolution = { method: "dawid-skene", labels: ["ham"], agreement: 1 / 3, votes: 3, abstentions: 0 };
    expect(reviewNeed({ ...base, resolution: modelled, posterior: 0.93, posteriorThreshold: 0.9 })).toEqual({ need: 0, reasons: [] });
  });
  it("flags humans and the LLM disagreeing", () => {
    expect(reviewNeed({ ...base, resolution: unanimous, llmLabels: ["ham"] })).toEqual({ need: 0.4, reasons: ["llm_disagrees"] });
    expect(reviewNeed({ ...base, resolution: unanimous, llmLabels: ["spam"] }).reasons).toEqual([]);
  });
  it("clears everything once adjudicated", () => {
    const adjudicated: ItemResolution = { method: "adjudicated", labels: ["ham"], agreement: 0.5, votes: 2, abstentions: 0 };
    expect(reviewNeed({ ...base, resolution: adjudicated, notSure: 2, llmLabels: ["spam"] })).toEqual({ need: 0, reasons: [] });
  });
  it("flags a Dawid-Skene posterior under its threshold", () => {
    const r = reviewNeed({ ...base, resolution: unanimous, posterior: 0.6, posteriorThreshold: 0.9 });
    expect(r.reasons).toEqual(["low_posterior"]);
    expect(r.need).toBeCloseTo(0.3, 6);
    expect(reviewNeed({ ...base, resolution: unanimous, posterior: 0.6, posteriorThreshold: 0.9, awaitingAnnotations: true }).reasons).toEqual([]);
    expect(reviewNeed({ ...base, resolution: unanimous, posterior: 0.95, posteriorThreshold: 0.9 }).reasons).toEqual([]);
  });

  it("keeps a lead's request in the queue whatever the labels say, even while annotations are awaited, adding to other reasons", () => {
    expect(reviewNeed({ ...base, resolution: unanimous, reviewRequested: true })).toEqual({ need: 1, reasons: ["requested"] });
    expect(reviewNeed({ ...base, resolution: unanimous, reviewRequested: true, awaitingAnnotations: true })).toEqual({ need: 1, reasons: ["requested"] });
    expect(reviewNeed({ ...base, resolution: split, reviewRequested: true })).toEqual({ need: 2.5, reasons: ["disagreement", "requested"] });
  });
});
