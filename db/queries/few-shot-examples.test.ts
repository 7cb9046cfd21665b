import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { submitAnnotation } from "./annotations";
import { importItems } from "./items";
import { fewShotExamples } from "./llm-prompts";
import { setMemberRole } from "./memberships";
import { createProject } from "./projects";
import { sendBack } from "./review";
import { createUser } from "./users";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
const people: Record<string, string> = {};
const itemIds: Record<string, number> = {};

async function label(annotator: string, externalId: string, name: string) {
  await submitAnnotation({
    db,
    projectId,
    annotatorId: people[annotator]!,
    input: { id: randomUUID(), itemId: itemIds[externalId]!, labels: [name], notSure: false, suggestionShown: false, rejectedSuggestion: false },
  });
}

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  for (const name of ["lead", "reviewer", "ann1", "ann2"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  projectId = (
    await createProject({
      db,
      name: "SMS",
      slug: "sms",
      taskType: "single_label",
      labelDefs: [{ name: "ham" }, { name: "spam" }],
      overlap: 2,
      createdBy: people.lead,
    })
  ).id;
  await setMemberRole({ db, projectId, userId: people.reviewer!, role: "reviewer", actorId: people.lead! });
  await importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: people.lead!,
    records: ["a", "b", "c", "d"].map((externalId) => ({ externalId, text: `Text ${externalId}`, metadata: {}, contentHash: `h-${externalId}` })),
  });
  for (const row of (await rawRows(db, "select id, external_id from items")) as { id: number; external_id: string }[]) itemIds[row.external_id] = row.id;
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
    expect(await sendBack({ db, projectId, itemId: itemIds.a!, reviewerId: people.reviewer!, extra: 1, rationale: "unsure", allowOwn: false })).toMatchObject({
      status: "requested",
      added: 1,
    });

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
