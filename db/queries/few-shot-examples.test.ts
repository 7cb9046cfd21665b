import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject, type SeededProject } from "@/db/test-seed";
import { fewShotExamples } from "./llm-prompts";
import { sendBack } from "./review";

let db: Db;
let close: () => void;
let seed: SeededProject;

async function label(annotator: string, externalId: string, name: string) {
  await seed.label(annotator, externalId, [name]);
}

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann1: null, ann2: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: ["a", "b", "c", "d"].map((externalId) => ({ externalId, text: `Text ${externalId}` })),
  });
});
afterAll(() => close());

describe("fewShotExamples", () => {
  it("prefers items no annotator will be served again over open ones, even unanimous open ones", async () => {
    // a: unanimous, then sent back for one more annotation, so open again; b, d: unanimous and
    // closed; c: one label, waiting for its second annotator.
    await label("ann1", "a", "spam");
    await label("ann2", "a", "spam");
    await label("ann1", "b", "ham");
    await label("ann2", "b", "ham");
    await label("ann1", "c", "spam");
    await label("ann1", "d", "spam");
    await label("ann2", "d", "spam");
    const { projectId, items, people } = seed;
    const sent = await sendBack({ db, projectId, itemId: items.a!, reviewerId: people.reviewer!, extra: 1, rationale: "unsure", allowOwn: false });
    expect(sent).toMatchObject({ status: "requested", added: 1 });

    // Closed first (b, d), labels in turn: ham from b, then spam from d; then the open ones, a before c.
    expect(await fewShotExamples({ db, projectId, count: 2 })).toEqual([
      { text: "Text b", labels: ["ham"] },
      { text: "Text d", labels: ["spam"] },
    ]);
    expect(await fewShotExamples({ db, projectId, count: 4 })).toEqual([
      { text: "Text b", labels: ["ham"] },
      { text: "Text d", labels: ["spam"] },
      { text: "Text a", labels: ["spam"] },
      { text: "Text c", labels: ["spam"] },
    ]);
  });
});
