import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { annotations } from "../schema";
import { seedProject, submitLabel } from "../test-seed";
import { undoLastSubmission } from "./annotations";
import { agreementSnapshotsTakingFirst, listAgreementSnapshots, notSureRates } from "./agreement";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;
let itemIds: Record<string, number>;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ({ projectId, people, items: itemIds } = await seedProject(db, {
    people: { a: null, b: null, c: null },
    project: { name: "Reviews", slug: "reviews", taskType: "multi_label", labels: ["pos", "neg", "mixed"], overlap: 3 },
    items: ["1", "2", "3", "4"].map((id) => ({ externalId: id, text: `review ${id}` })),
  }));
});
afterEach(() => close());

let clock = 0;
async function label(annotator: string, item: string, labels: string[], notSure: boolean) {
  await submitLabel({
    db,
    projectId,
    annotatorId: people[annotator]!,
    itemId: itemIds[item]!,
    labels,
    notSure,
    now: new Date(Date.UTC(2025, 0, 1) + ++clock * 1000),
  });
}

describe("notSureRates", () => {
  it("counts current labels only: an edit replaces the earlier label and a retraction removes it", async () => {
    await label("a", "1", ["pos"], false);
    await label("b", "1", ["pos", "neg"], true);
    await label("a", "2", [], true);
    await label("b", "2", ["neg"], false);
    await label("b", "2", ["mixed"], true); // supersedes b's ["neg"] on item 2
    await label("c", "3", ["neg"], true);
    await undoLastSubmission({ db, projectId, userId: people.c!, now: new Date(Date.UTC(2025, 0, 2)) }); // retracts it
    await label("a", "3", ["neg"], false);
    await label("c", "4", ["neg", "mixed"], false);
    // A label that is no longer in the project's label set, as an old import may have left.
    await db
      .insert(annotations)
      .values({
        id: randomUUID(),
        projectId,
        itemId: itemIds["4"]!,
        annotatorId: people.a!,
        labels: ["legacy"],
        notSure: true,
        source: "import",
        createdAt: new Date(),
      });

    // Current: a1 pos · b1 pos+neg (not sure) · a2 none (not sure) · b2 mixed (not sure) · a3 neg · c4 neg+mixed · a4 legacy (not sure).
    expect(await notSureRates({ db, projectId })).toEqual([
      { label: "pos", total: 2, notSure: 1, rate: 0.5 },
      { label: "neg", total: 3, notSure: 1, rate: 1 / 3 },
      { label: "mixed", total: 2, notSure: 1, rate: 0.5 },
      { label: "legacy", total: 1, notSure: 1, rate: 1 },
      { label: "(no label)", total: 1, notSure: 1, rate: 1 },
    ]);
  });

  it("is empty for a project nobody has labelled", async () => {
    expect(await notSureRates({ db, projectId })).toEqual([]);
  });
});

describe("agreementSnapshotsTakingFirst", () => {
  it("stores nothing while the project has no label", async () => {
    expect(await agreementSnapshotsTakingFirst({ db, projectId, createdBy: people.c! })).toEqual([]);
    expect(await listAgreementSnapshots({ db, projectId })).toEqual([]);
  });

  it("takes the first snapshot on the first visit, and only once", async () => {
    // Identical label sets on both items: no observed disagreement, so alpha = 1 and percent = 1.
    await label("a", "1", ["pos"], false);
    await label("b", "1", ["pos"], false);
    await label("a", "2", ["neg"], false);
    await label("b", "2", ["neg"], false);
    const [first, ...rest] = await agreementSnapshotsTakingFirst({ db, projectId, createdBy: people.c! });
    expect(rest).toEqual([]);
    expect(first).toMatchObject({ trigger: "manual", createdBy: people.c, annotationCount: 4 });
    const summary = first!.summary;
    expect(summary.items).toBe(2);
    expect(summary.krippendorff.value).toBe(1);
    expect(summary.percent.value).toBe(1);
    const again = await agreementSnapshotsTakingFirst({ db, projectId, createdBy: people.a! });
    expect(again.map((snapshot) => snapshot.id)).toEqual([first!.id]);
  });

  it("leaves the bootstrap intervals out on a project too large to resample while the page waits", async () => {
    await label("a", "1", ["pos"], false);
    await label("b", "1", ["pos"], false);
    await label("a", "2", ["neg"], false);
    await label("b", "2", ["mixed"], false);
    const full = (await agreementSnapshotsTakingFirst({ db, projectId, createdBy: people.c!, fullLimit: 4 }))[0]!.summary;
    expect(full.krippendorff.ci95).toBeDefined();
    await rawRows(db, "delete from agreement_snapshots");
    const bare = (await agreementSnapshotsTakingFirst({ db, projectId, createdBy: people.c!, fullLimit: 3 }))[0]!.summary;
    expect(bare.settings.resamples).toBe(0);
    expect(bare.krippendorff.ci95).toBeUndefined();
  });
});
