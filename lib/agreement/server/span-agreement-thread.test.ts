import { describe, expect, it } from "vitest";
import { summarizeSpanAgreement, type SpanAnnotation } from "@/lib/agreement/spans/span-agreement";
import { summarizeSpanAgreementOnThread } from "./agreement-thread";

// "Ada Lovelace met Babbage in London." (35 code points): a marks person 0–12; b marks person 0–3
// and place 28–34. No exact match (F1 0); one partial match among 1 + 2 spans (F1 2/3).
const ANNOTATIONS: SpanAnnotation[] = [
  { item: "1", annotator: "a", spans: [{ start: 0, end: 12, label: "person" }] },
  {
    item: "1",
    annotator: "b",
    spans: [
      { start: 0, end: 3, label: "person" },
      { start: 28, end: 34, label: "place" },
    ],
  },
];
const OPTIONS = { itemLengths: new Map([["1", 35]]), labels: ["person", "place"], resamples: 50, seed: 7 };

describe("span agreement on a job's worker thread", () => {
  it("gives the summary this thread gives, hand-worked F1s included", async () => {
    const there = await summarizeSpanAgreementOnThread(ANNOTATIONS, OPTIONS);
    expect(there).toEqual(summarizeSpanAgreement(ANNOTATIONS, OPTIONS));
    expect(there.exactF1.value).toBe(0);
    expect(there.partialF1.value).toBeCloseTo(2 / 3, 12);
  });
});
