import { describe, expect, it } from "vitest";
import { annotationInputSchema, checkAgainstLabelSet } from "./annotation-input";

const labels = ["ham", "spam"];

describe("checkAgainstLabelSet", () => {
  it("accepts one known label on a single-label project", () => {
    expect(() => checkAgainstLabelSet({ labels: ["spam"], notSure: false }, "single_label", labels)).not.toThrow();
  });
  it("accepts 'not sure' sent instead of a label", () => {
    expect(() => checkAgainstLabelSet({ labels: [], notSure: true }, "single_label", labels)).not.toThrow();
  });
  it("refuses an empty submission without 'not sure'", () => {
    expect(() => checkAgainstLabelSet({ labels: [], notSure: false }, "single_label", labels)).toThrow(/Choose a label/);
  });
  it("names unknown labels", () => {
    expect(() => checkAgainstLabelSet({ labels: ["eggs"], notSure: false }, "single_label", labels)).toThrow(/Unknown label\(s\): eggs/);
  });
  it("refuses two labels on a single-label project but not on a multi-label one", () => {
    expect(() => checkAgainstLabelSet({ labels: labels, notSure: false }, "single_label", labels)).toThrow(/one label/);
    expect(() => checkAgainstLabelSet({ labels: labels, notSure: false }, "multi_label", labels)).not.toThrow();
  });
  it("refuses a repeated label", () => {
    expect(() => checkAgainstLabelSet({ labels: ["ham", "ham"], notSure: false }, "multi_label", labels)).toThrow(/twice/);
  });
});

describe("annotationInputSchema", () => {
  it("requires a client-generated UUID so retries are idempotent", () => {
    const r = annotationInputSchema.safeParse({ id: "1", itemId: 1, labels: ["ham"] });
    expect(r.success).toBe(false);
    const ok = annotationInputSchema.safeParse({ id: "9b2f8c1e-6d1a-4c53-9a57-8f0d1f2a3b4c", itemId: 1, labels: ["ham"] });
    expect(ok.success && ok.data.notSure).toBe(false);
  });
});
