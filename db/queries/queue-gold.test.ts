// Gold items in the queue, on a real database: served at the project's rate at the positions the
// annotator's draw picks, whether or not the item is still open, the same item on a reload, never
// twice, and never at rate 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, submitLabel, type SeededProject } from "../test-seed";
import { markGoldItems } from "./gold";
import { saveGoldSettings } from "./gold-settings";
import { nextItemsForAnnotator } from "./queue";
import { goldItemDue } from "@/lib/gold/gold-check";

let db: Db;
let close: () => Promise<void>;
const NORMAL = Array.from({ length: 40 }, (_, i) => `n${i + 1}`);

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

async function goldProject(slug: string, rate: number): Promise<SeededProject<"lead" | "ann" | "bea", string> & { gold: Set<number> }> {
  const seed = await seedProject(db, {
    people: {
      lead: { role: "lead", email: `lead.${slug}@example.org` },
      ann: { role: "annotator", email: `ann.${slug}@example.org` },
      bea: { role: "annotator", email: `bea.${slug}@example.org` },
    },
    project: { slug, labels: ["ham", "spam"], overlap: 1 },
    items: ["g1", "g2", ...NORMAL],
  });
  const { projectId, people, items } = seed;
  // bea's labels fill the overlap of both gold items: they are closed, so no normal queue serves them.
  await submitLabel({ db, projectId, annotatorId: people.bea, itemId: items.g1!, labels: ["ham"] });
  await submitLabel({ db, projectId, annotatorId: people.bea, itemId: items.g2!, labels: ["spam"] });
  await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [{ itemId: items.g1!, labels: ["ham"] }, { itemId: items.g2!, labels: ["spam"] }] });
  await saveGoldSettings({ db, projectId, actorId: people.lead, changes: { rate } });
  return { ...seed, gold: new Set([items.g1!, items.g2!]) };
}

describe("gold items in the queue", () => {
  it("serves a closed gold item exactly at the positions the annotator's draw makes due, the same one on a reload, each once", async () => {
    const { projectId, people, gold } = await goldProject("queue-gold", 0.5);
    const servedGold: number[] = [];
    for (let labelsWritten = 0; labelsWritten < 30; labelsWritten++) {
      const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 1 });
      expect(item).toBeDefined();
      const due = goldItemDue({ projectId, userId: people.ann, labelsWritten, rate: 0.5 }) && servedGold.length < gold.size;
      expect({ labelsWritten, gold: gold.has(item!.id) }).toEqual({ labelsWritten, gold: due });
      // A gold item looks like any other: the same fields, its own text.
      expect(Object.keys(item!).sort()).toEqual(["externalId", "id", "metadata", "queueRank", "text"]);
      const [again] = await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 1 });
      expect(again!.id).toBe(item!.id);
      if (gold.has(item!.id)) servedGold.push(item!.id);
      await submitLabel({ db, projectId, annotatorId: people.ann, itemId: item!.id, labels: ["ham"] });
    }
    // At rate 0.5, 30 positions bring both gold items (all but certain: 31 in 2^30 draws would not).
    expect(servedGold.sort()).toEqual([...gold].sort());
  });

  it("fills a prefetch of two with a gold item only at a due position", async () => {
    const { projectId, people, gold } = await goldProject("queue-gold-two", 0.5);
    const served = await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 2 });
    expect(served).toHaveLength(2);
    const due = [0, 1].map((labelsWritten) => goldItemDue({ projectId, userId: people.ann, labelsWritten, rate: 0.5 }));
    expect(served.map((item) => gold.has(item.id))).toEqual(due);
  });

  it("serves no gold item at rate 0", async () => {
    const { projectId, people, gold } = await goldProject("queue-gold-off", 0);
    for (let step = 0; step < 10; step++) {
      const [item] = await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 1 });
      expect(gold.has(item!.id)).toBe(false);
      await submitLabel({ db, projectId, annotatorId: people.ann, itemId: item!.id, labels: ["ham"] });
    }
  });
});
