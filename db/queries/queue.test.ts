import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, submitLabel } from "../test-seed";
import { updateProjectSettings } from "./projects";
import { importItems } from "./items";
import { annotatorProgress, nextItemsForAnnotator } from "./queue";
import { skipItem, submitAnnotation, undoLastSubmission } from "./annotations";
import { rawRow, rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;

async function label(userId: string, itemId: number, labels: string[] = ["ham"], extra: Partial<{ notSure: boolean }> = {}) {
  return await submitLabel({ db, projectId, annotatorId: userId, itemId, labels, notSure: extra.notSure });
}

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  ({ projectId, people } = await seedProject(db, {
    people: { ann1: null, ann2: null, ann3: null, lead: "lead" },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 1 },
    items: ["one", "two", "three", "four"],
  }));
});
afterEach(() => close());

describe("nextItemsForAnnotator", () => {
  it("serves items oldest first and does not hand a leased item to a second annotator at overlap 1", async () => {
    const a = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const b = await nextItemsForAnnotator({ db, projectId, userId: people.ann2!, count: 1 });
    expect(a.map((i) => i.externalId)).toEqual(["one"]);
    expect(b.map((i) => i.externalId)).toEqual(["two"]);
  });

  it("gives the same item back on reload while the lease lives", async () => {
    const first = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const again = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    expect(again[0]!.id).toBe(first[0]!.id);
  });

  it("does not return items the client is already holding", async () => {
    const first = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 2 });
    const more = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1, holding: first.map((i) => i.id) });
    expect(more.map((i) => i.externalId)).toEqual(["three"]);
  });

  it("ignores held ids that are not the caller's to label, instead of leasing them", async () => {
    const [first] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    await label(people.ann1!, first!.id);
    await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1, holding: [first!.id, 999_999] });
    const leases = (await rawRows(db, `select item_id as "itemId" from leases where user_id = ?`, people.ann1!)) as { itemId: number }[];
    expect(leases.map((l) => l.itemId)).not.toContain(first!.id);
    expect(leases.map((l) => l.itemId)).not.toContain(999_999);
  });

  it("frees an item for others when the lease expires", async () => {
    const t0 = new Date("2026-01-01T00:00:00Z");
    await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1, now: t0 });
    const before = await nextItemsForAnnotator({ db, projectId, userId: people.ann2!, count: 1, now: new Date(t0.getTime() + 9 * 60_000) });
    expect(before[0]!.externalId).toBe("two");
    const after = await nextItemsForAnnotator({
      db,
      projectId,
      userId: people.ann3!,
      count: 1,
      now: new Date(t0.getTime() + 11 * 60_000),
    });
    expect(after[0]!.externalId).toBe("one");
  });

  it("with overlap 2 gives an item to two annotators and not to a third", async () => {
    await updateProjectSettings({ db, projectId, actorId: people.lead!, changes: { overlap: 2 } });
    const a = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const b = await nextItemsForAnnotator({ db, projectId, userId: people.ann2!, count: 1 });
    const c = await nextItemsForAnnotator({ db, projectId, userId: people.ann3!, count: 1 });
    expect(a[0]!.externalId).toBe("one");
    expect(b[0]!.externalId).toBe("one");
    expect(c[0]!.externalId).toBe("two");
    await label(people.ann1!, a[0]!.id);
    await label(people.ann2!, b[0]!.id);
    const later = await nextItemsForAnnotator({ db, projectId, userId: people.ann3!, count: 4, holding: [] });
    expect(later.map((i) => i.externalId)).not.toContain("one");
  });

  it("never offers an annotator an item they labelled or skipped", async () => {
    const [first] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    await label(people.ann1!, first!.id);
    const [second] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    await skipItem({ db, projectId, userId: people.ann1!, itemId: second!.id, reason: "unclear" });
    const rest = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 4 });
    expect(rest.map((i) => i.externalId)).toEqual(["three", "four"]);
    expect(await annotatorProgress({ db, projectId, userId: people.ann1! })).toEqual({ done: 1, remaining: 2, total: 4 });
  });
});

describe("submitAnnotation and undo", () => {
  it("is idempotent for a retried submit with the same client id", async () => {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const input = { id: randomUUID(), itemId: item!.id, labels: ["spam"], notSure: false, suggestionShown: false, rejectedSuggestion: false };
    const first = await submitAnnotation({ db, projectId, annotatorId: people.ann1!, input });
    const retry = await submitAnnotation({ db, projectId, annotatorId: people.ann1!, input });
    expect(first.replayed).toBe(false);
    expect(retry.replayed).toBe(true);
    const rows = (await rawRow(db, "select count(*) as n from annotations")) as { n: number };
    expect(rows.n).toBe(1);
  });

  it("undo supersedes the last label with a retraction and puts the item back first", async () => {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const { annotation } = await label(people.ann1!, item!.id, ["spam"]);
    const undo = await undoLastSubmission({ db, projectId, userId: people.ann1! });
    expect(undo).toMatchObject({ itemId: item!.id, undone: "annotation", previous: { labels: ["spam"] } });
    const [back] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    expect(back!.id).toBe(item!.id);
    const relabel = await label(people.ann1!, item!.id, ["ham"]);
    const rows = (await rawRows(db, "select id, kind, cast(labels as text) as labels, supersedes_id as supersedes from annotations")) as {
      id: string;
      kind: string;
      labels: string;
      supersedes: string | null;
    }[];
    // In supersede order: the one that supersedes nothing, then the one that supersedes it, and so on.
    const chain = [rows.find((r) => r.supersedes === null)!];
    for (let next = rows.find((r) => r.supersedes === chain.at(-1)!.id); next; next = rows.find((r) => r.supersedes === chain.at(-1)!.id)) chain.push(next);
    expect(chain).toHaveLength(rows.length);
    expect(chain.map((r) => [r.kind, JSON.parse(r.labels)])).toEqual([
      ["label", ["spam"]],
      ["retraction", []],
      ["label", ["ham"]],
    ]);
    expect(chain[1]!.supersedes).toBe(annotation.id);
    expect(chain[2]!.supersedes).toBe(chain[1]!.id);
    expect(relabel.annotation.supersedesId).toBe(chain[1]!.id);
  });

  it("undo of a skip brings the skipped item back", async () => {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    await skipItem({ db, projectId, userId: people.ann1!, itemId: item!.id, reason: "too long" });
    expect(await undoLastSubmission({ db, projectId, userId: people.ann1! })).toMatchObject({ undone: "skip", itemId: item!.id });
    const [back] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    expect(back!.id).toBe(item!.id);
  });

  it("keeps the item open for others after an undo at overlap 1", async () => {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    await label(people.ann1!, item!.id);
    const closed = (await rawRow(db, "select cast(open as integer) as open, labelled_by as n from items where id = ?", item!.id)) as { open: number; n: number };
    expect(closed).toEqual({ open: 0, n: 1 });
    await undoLastSubmission({ db, projectId, userId: people.ann1! });
    const reopened = (await rawRow(db, "select cast(open as integer) as open, labelled_by as n from items where id = ?", item!.id)) as { open: number; n: number };
    expect(reopened).toEqual({ open: 1, n: 0 });
  });

  it("records not-sure with its reason", async () => {
    const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann1!, count: 1 });
    const { annotation } = await submitAnnotation({
      db,
      projectId,
      annotatorId: people.ann1!,
      input: { id: randomUUID(), itemId: item!.id, labels: [], notSure: true, notSureReason: "sarcasm?", suggestionShown: false, rejectedSuggestion: false },
    });
    expect(annotation).toMatchObject({ labels: [], notSure: true, notSureReason: "sarcasm?", suggestionAction: "none" });
  });
});

describe("item metadata", () => {
  it("round-trips as an object, not a JSON string", async () => {
    await importItems({
      db,
      projectId,
      fileName: "m.jsonl",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "meta", text: "with metadata", metadata: { source: "sms", n: 3 }, contentHash: "h-meta" }],
    });
    const row = (await rawRow(db, "select cast(metadata as text) as metadata from items where external_id = 'meta'")) as { metadata: string };
    expect(JSON.parse(row.metadata)).toEqual({ source: "sms", n: 3 });
  });
});
