import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { itemScores, projects } from "../schema";
import { submitAnnotation } from "./annotations";
import { importItems } from "./items";
import { createProject } from "./projects";
import { currentSuggestions, suggestionsForItem } from "./suggestions";
import { createUser } from "./users";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
const itemIds: Record<string, number> = {};

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  const lead = (await createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" })).id;
  const ann1 = (await createUser({ db, email: "ann1@example.org", name: "ann1", passwordHash: "x" })).id;
  projectId = (
    await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 2, createdBy: lead })
  ).id;
  await importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: lead,
    records: ["settled-old", "settled-cross-fitted", "unlabelled"].map((externalId) => ({
      externalId,
      text: `Text ${externalId}`,
      metadata: {},
      contentHash: `h-${externalId}`,
    })),
  });
  for (const row of (await rawRows(db, "select id, external_id from items")) as { id: number; external_id: string }[]) itemIds[row.external_id] = row.id;
  // Annotator 1 labels two items: each now rests on one label ("single") and waits for a second annotator.
  for (const externalId of ["settled-old", "settled-cross-fitted"]) {
    await submitAnnotation({
      db,
      projectId,
      annotatorId: ann1,
      input: { id: randomUUID(), itemId: itemIds[externalId]!, labels: ["spam"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
  }
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
