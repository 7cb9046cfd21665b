import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, submitLabel } from "../test-seed";
import { adjudicate, reviewBacklog, reviewQueue, sendBack } from "./review";
import { nextItemsForAnnotator } from "./queue";
import { listAgreementSnapshots, saveAgreementSnapshot } from "./agreement";
import { rawRow, rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let ids: Record<string, string>;
let items: Record<string, number>;

async function label(user: string, item: string, labels: string[], notSure = false) {
  await submitLabel({ db, projectId, annotatorId: ids[user]!, itemId: items[item]!, labels, notSure });
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ({ projectId, people: ids, items } = await seedProject(db, {
    people: { a1: null, a2: null, a3: null, rev: null },
    project: { name: "P", slug: "pp", labels: ["ham", "spam"], overlap: 2 },
    items: ["agree", "split", "unsure"],
  }));
  await label("a1", "agree", ["ham"]);
  await label("a2", "agree", ["ham"]);
  await label("a1", "split", ["ham"]);
  await label("a2", "split", ["spam"]);
  await label("a3", "unsure", ["spam"], true);
});
afterEach(() => close());

describe("review queue", () => {
  it("lists the disagreement first, then the not-sure item, and not the unanimous one", async () => {
    const queue = await reviewQueue({ db, projectId, reviewerId: ids.rev!, includeOwn: false });
    expect(queue.map((q) => [q.externalId, q.reasons])).toEqual([
      ["split", ["disagreement"]],
      ["unsure", ["not_sure"]],
    ]);
    expect((await reviewQueue({ db, projectId, reviewerId: ids.rev!, includeOwn: false, reason: "not_sure" })).map((q) => q.externalId)).toEqual(["unsure"]);
  });

  it("hides items a reviewer annotated, and refuses their adjudication by default", async () => {
    expect((await reviewQueue({ db, projectId, reviewerId: ids.a1!, includeOwn: false })).map((q) => q.externalId)).toEqual(["unsure"]);
    await expect(adjudicate({ db, projectId, itemId: items.split!, reviewerId: ids.a1!, labels: ["ham"], rationale: "", allowOwn: false })).rejects.toThrow(
      /annotated this item yourself/,
    );
  });

  it("adjudication resolves the item and takes it off the queue", async () => {
    const resolution = await adjudicate({
      db,
      projectId,
      itemId: items.split!,
      reviewerId: ids.rev!,
      labels: ["spam"],
      rationale: "prize offer",
      allowOwn: false,
    });
    expect(resolution).toMatchObject({ method: "adjudicated", labels: ["spam"], agreement: 0.5 });
    expect((await reviewQueue({ db, projectId, reviewerId: ids.rev!, includeOwn: false })).map((q) => q.externalId)).toEqual(["unsure"]);
  });

  it("sending back reopens the item for one more annotator", async () => {
    expect((await nextItemsForAnnotator({ db, projectId, userId: ids.a3!, count: 5 })).map((i) => i.externalId)).toEqual([]);
    await sendBack({ db, projectId, itemId: items.split!, reviewerId: ids.rev!, extra: 1, rationale: "need a third opinion", allowOwn: false });
    expect((await nextItemsForAnnotator({ db, projectId, userId: ids.a3!, count: 5 })).map((i) => i.externalId)).toEqual(["split"]);
    await label("a3", "split", ["spam"]);
    const queue = await reviewQueue({ db, projectId, reviewerId: ids.rev!, includeOwn: false });
    const split = queue.find((q) => q.externalId === "split");
    expect(split).toMatchObject({ method: "majority", labels: ["spam"] });
  });
});

describe("sending back", () => {
  const stored = async (item: string) =>
    (await rawRow(db, 
        `select extra_annotations as extra, cast(open as integer) as open, (select count(*) from adjudications a where a.item_id = items.id) as decisions,
          (select count(*) from audit_log l where l.action = 'item.send_back' and l.target_id = cast(items.id as text)) as audits
         from items where id = ?`, items[item])) as { extra: number; open: number; decisions: number; audits: number };
  const queued = async () => (await reviewQueue({ db, projectId, reviewerId: ids.rev!, includeOwn: false })).map((q) => q.externalId);

  it("asks once for one more annotation; pressing again while it waits writes nothing", async () => {
    const first = await sendBack({ db, projectId, itemId: items.split!, reviewerId: ids.rev!, extra: 1, rationale: "", allowOwn: false });
    expect(first).toEqual({ status: "requested", added: 1, waitingFor: 1 });
    expect(await stored("split")).toEqual({ extra: 1, open: 1, decisions: 1, audits: 1 });
    const again = await sendBack({ db, projectId, itemId: items.split!, reviewerId: ids.rev!, extra: 1, rationale: "", allowOwn: false });
    expect(again).toEqual({ status: "unchanged", added: 0, waitingFor: 1 });
    expect(await stored("split")).toEqual({ extra: 1, open: 1, decisions: 1, audits: 1 });
    // Once the annotation is in, a new send-back asks for one more again: 2 + 1 + 1 = 4 in all.
    await label("a3", "split", ["spam"]);
    expect(await sendBack({ db, projectId, itemId: items.split!, reviewerId: ids.rev!, extra: 1, rationale: "", allowOwn: false })).toEqual({
      status: "requested",
      added: 1,
      waitingFor: 1,
    });
    expect(await stored("split")).toEqual({ extra: 2, open: 1, decisions: 2, audits: 2 });
  });

  it("says an item short of its overlap already waits for it, claims no request, and takes it off the review queue until it arrives", async () => {
    expect(await queued()).toEqual(["split", "unsure"]);
    // "unsure" has 1 of its 2 annotations: it already waits for one, so nothing is added to it.
    expect(await sendBack({ db, projectId, itemId: items.unsure!, reviewerId: ids.rev!, extra: 1, rationale: "", allowOwn: false })).toEqual({
      status: "awaiting_overlap",
      added: 0,
      waitingFor: 1,
    });
    // Only the deferral is recorded, with no extra annotation.
    expect(await stored("unsure")).toMatchObject({ extra: 0, open: 1, decisions: 1 });
    expect((await rawRows(db, "select extra_annotations as extra from adjudications where item_id = ?", items.unsure!))).toEqual([{ extra: 0 }]);
    expect(await queued()).toEqual(["split"]);
    // A second press while the overlap's annotation is awaited writes nothing.
    expect(await sendBack({ db, projectId, itemId: items.unsure!, reviewerId: ids.rev!, extra: 1, rationale: "", allowOwn: false })).toEqual({
      status: "unchanged",
      added: 0,
      waitingFor: 1,
    });
    expect(await stored("unsure")).toMatchObject({ extra: 0, open: 1, decisions: 1, audits: 1 });
    expect(await reviewBacklog({ db, projectId })).toBe(1);
    await label("a1", "unsure", ["ham"]);
    expect(await queued()).toContain("unsure");
    expect(await reviewBacklog({ db, projectId })).toBe(2);
  });
});

describe("agreement snapshots", () => {
  it("stores percent agreement over the pairable items (1 of 2 agree)", async () => {
    await saveAgreementSnapshot({ db, projectId, trigger: "manual" });
    const [snapshot] = await listAgreementSnapshots({ db, projectId });
    const summary = snapshot!.summary;
    expect(summary.items).toBe(3);
    expect(summary.pairableItems).toBe(2);
    expect(summary.percent.value).toBeCloseTo(0.5, 10);
    expect(snapshot!.annotationCount).toBe(5);
  });
});
