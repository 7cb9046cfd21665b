// item_final_labels is written only by triggers on item_resolutions (migrations 0019 / pg 0010):
// every way a resolution is written (a submission, the bulk refresh after a label rename, a direct
// delete) must leave it holding exactly the labels of each item's stored resolution.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject } from "@/db/test-seed";
import { itemFinalLabels, itemResolutions } from "@/db/schema";
import { changeLabel, listManagedLabels } from "./label-management";
import { refreshProjectResolutions } from "./resolutions";

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

/** The table's rows of a project, as "item:label" sorted. */
async function tableRows(projectId: string): Promise<string[]> {
  const rows = await db.select().from(itemFinalLabels).where(eq(itemFinalLabels.projectId, projectId));
  return rows.map((r) => `${r.itemId}:${r.label}`).sort();
}

/** What the table must hold: each label of each stored resolution. */
async function resolutionLabels(projectId: string): Promise<string[]> {
  const rows = await db.select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels }).from(itemResolutions).where(eq(itemResolutions.projectId, projectId));
  return rows.flatMap((r) => r.labels.map((label) => `${r.itemId}:${label}`)).sort();
}

describe("item_final_labels", () => {
  it("holds each item's final labels through submissions, a change of mind, a rename's refresh and a deleted resolution", async () => {
    const p = await seedProject(db, {
      people: { lead: "lead", x: "annotator", y: "annotator" },
      project: { slug: "final-labels", taskType: "multi_label", labels: ["news", "sport", "tech"], overlap: 2 },
      items: [
        { externalId: "one", text: "match report" },
        { externalId: "two", text: "chip shortage" },
        { externalId: "three", text: "no votes yet" },
      ],
    });
    const { one, two } = p.items;
    expect(await tableRows(p.projectId)).toEqual([]);

    await p.label("x", "one", ["news", "sport"]);
    await p.label("y", "one", ["sport", "news"]);
    await p.label("x", "two", ["tech"]);
    // Hand-worked: "one" unanimous on {news, sport}; "two" has one vote of two, its label so far "tech".
    expect(await tableRows(p.projectId)).toEqual([`${one}:news`, `${one}:sport`, `${two}:tech`].sort());
    expect(await tableRows(p.projectId)).toEqual(await resolutionLabels(p.projectId));

    // x changes their mind on "two": the old label leaves the table.
    await p.label("x", "two", ["news"]);
    expect(await tableRows(p.projectId)).toEqual([`${one}:news`, `${one}:sport`, `${two}:news`].sort());

    // A rename rewrites the stored resolutions in bulk (the prepared upsert): the table follows.
    const sport = (await listManagedLabels({ db, projectId: p.projectId })).find((l) => l.name === "sport")!;
    await changeLabel({ db, projectId: p.projectId, actorId: p.people.lead, change: { action: "rename", labelId: sport.id, name: "sports" } });
    await refreshProjectResolutions({ db, projectId: p.projectId });
    expect(await tableRows(p.projectId)).toEqual([`${one}:news`, `${one}:sports`, `${two}:news`].sort());
    expect(await tableRows(p.projectId)).toEqual(await resolutionLabels(p.projectId));

    await db.delete(itemResolutions).where(eq(itemResolutions.itemId, two));
    expect(await tableRows(p.projectId)).toEqual([`${one}:news`, `${one}:sports`].sort());
  });
});
