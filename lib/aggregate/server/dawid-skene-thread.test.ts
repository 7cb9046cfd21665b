import { describe, expect, it } from "vitest";
import { inThreadFitter, type MultiLabelRow } from "@/lib/aggregate/dawid-skene-model";
import { encodeAnnotations } from "@/lib/aggregate/encode-annotations";
import { withJobThread } from "@/lib/jobs/job-thread";
import { fitterOnThread } from "./dawid-skene-thread";

// 60 items, three annotators: "expert" always right, "n1" wrong on every fifth item, "n2" on every
// fourth; spam when the index is a multiple of 3.
const truth = (i: number) => (i % 3 === 0 ? "spam" : "ham");
const flip = (label: string) => (label === "spam" ? "ham" : "spam");
function crowd() {
  const rows: { item: string; annotator: string; label: string }[] = [];
  for (let i = 0; i < 60; i++) {
    rows.push({ item: `i${i}`, annotator: "expert", label: truth(i) });
    rows.push({ item: `i${i}`, annotator: "n1", label: i % 5 === 1 ? flip(truth(i)) : truth(i) });
    rows.push({ item: `i${i}`, annotator: "n2", label: i % 4 === 2 ? flip(truth(i)) : truth(i) });
  }
  return rows;
}
const OPTIONS = { smoothing: 0.01, maxIterations: 200 };

describe("Dawid–Skene on a job's worker thread", () => {
  it("fits the same single-label model as this thread, with the ratings moved to the worker rather than copied", async () => {
    const here = await inThreadFitter.fitSingle(encodeAnnotations(crowd(), { classes: ["ham", "spam"] }), OPTIONS);
    const encoded = encodeAnnotations(crowd(), { classes: ["ham", "spam"] });
    const there = await withJobThread((thread) => fitterOnThread(thread).fitSingle(encoded, OPTIONS));
    expect(there).toEqual(here);
    expect(there).toMatchObject({ items: 60, converged: true, stored: { kind: "single-label" } });
    // n1 is wrong on 12 of 60 items: its estimated accuracy on ham sits well below the expert's.
    const { confusion } = (there.stored as Extract<typeof there.stored, { kind: "single-label" }>).model;
    expect(confusion.n1![0]![0]!).toBeLessThan(confusion.expert![0]![0]!);
    // Transferred: this thread's typed arrays are detached once the call is made.
    expect(encoded.itemIndex.length).toBe(0);
  });

  it("fits the same multi-label models as this thread", async () => {
    const rows: MultiLabelRow[] = crowd().map((r, k) => ({ item: r.item, annotator: r.annotator, labels: k % 7 === 0 ? [r.label, "urgent"] : [r.label] }));
    const labels = ["ham", "spam", "urgent"];
    const here = await inThreadFitter.fitMulti(rows, labels, OPTIONS);
    const there = await withJobThread((thread) => fitterOnThread(thread).fitMulti(rows, labels, OPTIONS));
    expect(there).toEqual(here);
    expect(Object.keys((there.stored as Extract<typeof there.stored, { kind: "multi-label" }>).perLabel)).toEqual(labels);
  });

  it("reports an error in the worker as the call's failure", async () => {
    const encoded = encodeAnnotations(crowd(), { classes: ["ham", "spam"] });
    await expect(withJobThread((thread) => thread.call("dawid-skene.no-such-op", { encoded }))).rejects.toThrow('The job worker has no operation "dawid-skene.no-such-op".');
  });
});
