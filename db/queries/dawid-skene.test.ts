import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { itemResolutions, items as itemsTable } from "../schema";
import { createUser } from "./users";
import { importAnnotations } from "./annotation-import";
import { seedProject, submitLabel } from "../test-seed";
import { fitProjectDawidSkene, latestDawidSkeneFit, MIN_OVERLAPPING_ITEMS } from "./dawid-skene";
import { saveReviewSettings } from "./review-settings";
import { reviewQueue } from "./review";
import { listAgreementSnapshots } from "./agreement";
import { afterAnnotationsImported } from "@/lib/review/server/annotations-imported";
import { requestDawidSkeneRefit, type RefitResult } from "@/lib/aggregate/server/dawid-skene-refit";
import { resultOf } from "@/lib/jobs/job-test-support";
import { dawidSkeneOverview } from "@/lib/aggregate/server/dawid-skene-overview";
import type { AnnotationRow } from "@/lib/import/annotation-rows";

let db: Db;
let close: () => void;
let projectId: string;
let itemIds: Record<string, number>;

// 40 items, spam when the index is a multiple of 3. "expert" is always right; "n1" and "n2" are
// each wrong on their own items, and both wrong, the same way, on the trap: a 2–1 majority for the
// wrong label that Dawid–Skene, knowing the expert never errs, overturns.
const TRAP = "item-7";
const truth = (index: number) => (index % 3 === 0 ? "spam" : "ham");
const flip = (label: string) => (label === "spam" ? "ham" : "spam");

function crowdRows(): AnnotationRow[] {
  const rows: AnnotationRow[] = [];
  let line = 1;
  for (let index = 0; index < 40; index++) {
    const externalId = `item-${index}`;
    const right = truth(index);
    const trap = externalId === TRAP;
    const answers = {
      expert: right,
      n1: trap || index % 5 === 1 ? flip(right) : right,
      n2: trap || index % 4 === 2 ? flip(right) : right,
    };
    for (const [annotator, label] of Object.entries(answers)) rows.push({ externalId, annotator, labels: [label], notSure: false, line: line++ });
  }
  return rows;
}

async function resolutionOf(externalId: string) {
  return (await db.select().from(itemResolutions).where(eq(itemResolutions.itemId, itemIds[externalId]!)).limit(1))[0]!;
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ({ projectId, items: itemIds } = await seedProject(db, {
    project: { name: "P", slug: "ds", labels: ["ham", "spam"], overlap: 3 },
    items: Array.from({ length: 40 }, (_, index) => ({ externalId: `item-${index}`, text: `text ${index}` })),
  }));
});
afterEach(() => close());

describe("Dawid–Skene in the app", () => {
  it("does not fit a project with too few items rated twice", async () => {
    await importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: crowdRows().filter((row) => row.annotator === "expert"), actorId: null });
    const outcome = await fitProjectDawidSkene({ db, projectId, trigger: "manual" });
    expect(outcome).toEqual({ status: "skipped", reason: `0 items have two or more ratings; a fit needs ${MIN_OVERLAPPING_ITEMS}` });
    expect(await latestDawidSkeneFit({ db, projectId })).toBeNull();
  });

  it("after an import: fits, stores the model, snapshots agreement and gives items a posterior", async () => {
    await importAnnotations({ db, projectId, fileName: "crowd.csv", format: "csv", rows: crowdRows(), actorId: null });
    // Before the fit, resolutions come from majority vote and carry no posterior.
    expect(await resolutionOf(TRAP)).toMatchObject({ method: "majority", labels: ["spam"], posterior: null });

    const { agreement, refit } = await afterAnnotationsImported({ db, projectId, actorId: null });
    await resultOf(db, agreement);
    expect(await resultOf<RefitResult>(db, refit)).toMatchObject({ status: "fitted", fit: { trigger: "import", items: 40, annotationCount: 120, converged: true } });
    expect((await listAgreementSnapshots({ db, projectId })).map((s) => s.trigger)).toEqual(["import"]);

    const fit = (await latestDawidSkeneFit({ db, projectId }))!;
    expect(fit.model.kind).toBe("single-label");
    const overview = await dawidSkeneOverview({ db, projectId });
    // The expert is estimated the most accurate, and listed last (lowest first).
    expect(overview.annotators.map((a) => a.name).at(-1)).toBe("expert");
    expect(overview.annotators.at(-1)!.accuracy).toBeGreaterThan(0.9);
    expect(overview.annotators[0]!.accuracy).toBeLessThan(0.85);

    // Majority aggregation stays in force, but the model's doubt about the trap sends it to review.
    const trap = await resolutionOf(TRAP);
    expect(trap).toMatchObject({ method: "majority", labels: ["spam"] });
    // The model prefers the expert's ham: the majority's spam gets less than even odds.
    expect(trap.posterior).toBeLessThan(0.5);
    expect(trap.reviewReasons).toContain("low_posterior");
    const unanimous = await resolutionOf("item-0");
    expect(unanimous.method).toBe("unanimous");
    expect(unanimous.posterior).toBeGreaterThan(0.99);
    expect(unanimous.reviewReasons).toEqual([]);
    const reviewer = (await createUser({ db, email: "rev@x.org", name: "rev", passwordHash: "x" })).id;
    expect((await reviewQueue({ db, projectId, reviewerId: reviewer, includeOwn: false, reason: "low_posterior" })).map((q) => q.externalId)).toContain(TRAP);
  });

  it("with Dawid–Skene aggregation, overturns the wrong majority on the trap", async () => {
    await importAnnotations({ db, projectId, fileName: "crowd.csv", format: "csv", rows: crowdRows(), actorId: null });
    await saveReviewSettings({ db, projectId, actorId: null, changes: { aggregation: "dawid-skene", dawidSkenePosterior: 0.75 } });
    const refit = await resultOf<RefitResult>(db, requestDawidSkeneRefit({ db, projectId, trigger: "settings" }));
    expect(refit.status).toBe("fitted");
    const trap = await resolutionOf(TRAP);
    expect(trap).toMatchObject({ method: "dawid-skene", labels: ["ham"], agreement: 1 / 3 });
    expect(trap.posterior).toBeGreaterThan(0.75);
    // The model settled the split: no reviewer needed.
    expect(trap.reviewReasons).toEqual([]);
    // An n1 error alone: the majority and the model agree.
    expect(await resolutionOf("item-1")).toMatchObject({ method: "dawid-skene", labels: ["ham"] });
    expect((await dawidSkeneOverview({ db, projectId })).resolutions.methods["dawid-skene"]).toBeGreaterThan(0);
    // Above that threshold, the same model leaves the trap to a reviewer.
    await saveReviewSettings({ db, projectId, actorId: null, changes: { dawidSkenePosterior: 0.95 } });
    await resultOf(db, requestDawidSkeneRefit({ db, projectId, trigger: "settings" }));
    expect(await resolutionOf(TRAP)).toMatchObject({ method: "unresolved", reviewReasons: ["disagreement", "low_posterior"] });
  });

  it("scores a new annotation against the stored fit without refitting", async () => {
    await importAnnotations({
      db,
      projectId,
      fileName: "crowd.csv",
      format: "csv",
      rows: crowdRows().filter((row) => row.annotator !== "expert"),
      actorId: null,
    });
    await saveReviewSettings({ db, projectId, actorId: null, changes: { aggregation: "dawid-skene", dawidSkenePosterior: 0.5 } });
    await resultOf(db, requestDawidSkeneRefit({ db, projectId, trigger: "manual" }));
    const fitsBefore = (await latestDawidSkeneFit({ db, projectId }))!.id;
    // A newcomer the fit never saw adds a third vote against the two; the item is re-resolved at
    // once, scored with the average of the known annotators' matrices.
    const newcomer = (await createUser({ db, email: "new@x.org", name: "newcomer", passwordHash: "x" })).id;
    await submitLabel({ db, projectId, annotatorId: newcomer, itemId: itemIds[TRAP]!, labels: ["ham"] });
    const trap = await resolutionOf(TRAP);
    expect(trap.annotators).toBe(3);
    expect(trap.posterior).not.toBeNull();
    expect(trap.method).toBe("dawid-skene");
    expect(trap.labels).toEqual(["spam"]);
    expect((await latestDawidSkeneFit({ db, projectId }))!.id).toBe(fitsBefore);
  });

  it("fits multi-label projects label by label", async () => {
    const { projectId: multi } = await seedProject(db, {
      project: { name: "M", slug: "ml", taskType: "multi_label", labels: ["sports", "politics"], overlap: 3 },
      items: Array.from({ length: 20 }, (_, index) => ({ externalId: `m-${index}`, text: `m ${index}` })),
    });
    const rows: AnnotationRow[] = [];
    let line = 1;
    for (let index = 0; index < 20; index++) {
      const right = [index % 2 === 0 ? "sports" : null, index % 3 === 0 ? "politics" : null].filter((label): label is string => label !== null);
      rows.push({ externalId: `m-${index}`, annotator: "a", labels: right, notSure: false, line: line++ });
      rows.push({ externalId: `m-${index}`, annotator: "b", labels: right, notSure: false, line: line++ });
      rows.push({ externalId: `m-${index}`, annotator: "c", labels: index % 4 === 0 ? [] : right, notSure: false, line: line++ });
    }
    await importAnnotations({ db, projectId: multi, fileName: "m.csv", format: "csv", rows, actorId: null });
    await saveReviewSettings({ db, projectId: multi, actorId: null, changes: { aggregation: "dawid-skene" } });
    const refit = await resultOf<RefitResult>(db, requestDawidSkeneRefit({ db, projectId: multi, trigger: "manual" }));
    expect(refit).toMatchObject({ status: "fitted", fit: { items: 20 } });
    const m0 = (
      await db.select().from(itemResolutions).innerJoin(itemsTable, eq(itemsTable.id, itemResolutions.itemId)).where(eq(itemsTable.externalId, "m-0")).limit(1)
    )[0]!;
    // a and b said {sports, politics}, c said nothing: the model, having seen c miss labels, agrees with a and b.
    expect(m0.item_resolutions).toMatchObject({ method: "dawid-skene", labels: ["politics", "sports"].sort() });
    expect(m0.item_resolutions.posterior).toBeGreaterThan(0.9);
  });
});
