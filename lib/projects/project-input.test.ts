import { describe, expect, it } from "vitest";
import { labelSetSchema, labelsFromList, newProjectSchema, slugSchema } from "./project-input";

function messages(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }) {
  return result.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
}

describe("project input", () => {
  it("accepts a well-formed project and fills defaults", () => {
    const r = newProjectSchema.parse({ name: "SMS", slug: "sms-spam", taskType: "single_label", labels: labelsFromList("ham, spam") });
    expect(r.overlap).toBe(1);
    expect(r.labels.map((l) => l.name)).toEqual(["ham", "spam"]);
  });

  it("names the label and field that is wrong", () => {
    const long = "x".repeat(65);
    const r = labelSetSchema.safeParse([{ name: "ok" }, { name: long }, { name: "OK" }, { name: "bad\u0007" }]);
    expect(messages(r)).toEqual([
      "1.name: label name is longer than 64 characters",
      "3.name: label name contains control characters",
      '2.name: label "OK" appears twice',
    ]);
  });

  it("refuses duplicate hotkeys and hotkeys outside 1-9", () => {
    expect(messages(labelSetSchema.safeParse([{ name: "a", hotkey: "1" }, { name: "b", hotkey: "1" }]))).toEqual([
      "1.hotkey: hotkey 1 is used twice",
    ]);
    expect(labelSetSchema.safeParse([{ name: "a", hotkey: "0" }, { name: "b" }]).success).toBe(false);
  });

  it("keeps slugs URL-safe", () => {
    expect(slugSchema.safeParse("sms-spam").success).toBe(true);
    expect(slugSchema.safeParse("SMS spam").success).toBe(false);
    expect(slugSchema.safeParse("../etc").success).toBe(false);
  });

  it("needs two labels at least", () => {
    expect(messages(newProjectSchema.safeParse({ name: "x", slug: "xx", taskType: "single_label", labels: [{ name: "a" }] }))).toEqual([
      "labels: a classification task needs at least two labels",
    ]);
  });

  it("takes a spans project with one entity type, defaulting its labels' kind to entity", () => {
    const r = newProjectSchema.parse({ name: "NER", slug: "ner", taskType: "spans", labels: [{ name: "person" }, { name: "urgent", kind: "item" }], spans: { allowOverlap: true } });
    expect(r.labels.map((l) => l.kind)).toEqual([undefined, "item"]);
    expect(r.spans).toEqual({ characterLevel: false, allowOverlap: true, majority: 0.5 });
  });

  it("refuses a spans project without an entity type, and entity types or span settings elsewhere", () => {
    expect(messages(newProjectSchema.safeParse({ name: "x", slug: "xx", taskType: "spans", labels: [{ name: "a", kind: "item" }] }))).toEqual([
      'labels: a spans task needs at least one entity type (a label of kind "entity")',
    ]);
    expect(
      messages(newProjectSchema.safeParse({ name: "x", slug: "xx", taskType: "multi_label", labels: [{ name: "a" }, { name: "b", kind: "entity" }], spans: {} })),
    ).toEqual(['labels.1.kind: label "b" is an entity type, which only a spans task has', "spans: span settings belong to a spans task only"]);
  });

  it("checks the span settings: a majority share of 1 could never accept a span", () => {
    expect(messages(newProjectSchema.safeParse({ name: "x", slug: "xx", taskType: "spans", labels: [{ name: "a" }], spans: { majority: 1 } }))).toEqual([
      "spans.majority: majority must be below 1: a span is accepted when MORE than this share marked it",
    ]);
  });
});
