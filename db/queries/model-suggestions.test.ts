import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { itemScores, projects } from "../schema";
import { currentSuggestions, suggestionsForItem } from "./suggestions";
import { seedProject } from "@/db/test-seed";

let db: Db;
let close: () => void;
let projectId: string;
let itemIds: Record<string, number>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", ann1: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: ["settled-old", "settled-cross-fitted", "unlabelled"].map((externalId) => ({ externalId, text: `Text ${externalId}` })),
  });
  ({ projectId, items: itemIds } = seed);
  // Annotator 1 labels two items: each now rests on one label ("single") and waits for a second annotator.
  for (const externalId of ["settled-old", "settled-cross-fitted"]) await seed.label("ann1", externalId, ["spam"]);
  // The live classifier version 1: one score written before cross-fitting existed (no outOfFold),
  // from a model that trained on the item's "spam"; one cross-fitted; one on an item nobody labelled.
  const score = (externalId: string, reason: Record<string, unknown>) => ({
    itemId: itemIds[externalId]!,
    projectId,
    classifierVersion: 1,
    predicted: ["spam"],
    confidence: 0.9,
    score: 0.2,
    reason: { strategy: "margin", ...reason },
  });
  await db.insert(itemScores).values([score("settled-old", {}), score("settled-cross-fitted", { outOfFold: true }), score("unlabelled", { outOfFold: false })]);
  await db.update(projects).set({ classifierVersion: 1 }).where(eq(projects.id, projectId));
});
afterAll(() => close());

describe("model suggestions after an upgrade to cross-fitting", () => {
  it("are not served from a score without outOfFold on an item with a settled label", async () => {
    const found = await currentSuggestions({ db, projectId, itemIds: Object.values(itemIds), llmSuggestions: true, modelSuggestions: true });
    expect([...found.values()].map((s) => [s.itemId, s.sourceKind, s.labels]).sort()).toEqual(
      [
        [itemIds["settled-cross-fitted"], "model", ["spam"]],
        [itemIds.unlabelled, "model", ["spam"]],
      ].sort(),
    );
    // No suggestion row was created for the held-back score either.
    expect(await suggestionsForItem({ db, projectId, itemId: itemIds["settled-old"]! })).toEqual([]);
  });
});
