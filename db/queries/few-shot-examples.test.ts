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

let db: Db;
let close: () => void;
let projectId: string;
const people: Record<string, string> = {};
const itemIds: Record<string, number> = {};

function label(annotator: string, externalId: string, name: string) {
  submitAnnotation({
    db,
    projectId,
    annotatorId: people[annotator]!,
    input: { id: randomUUID(), itemId: itemIds[externalId]!, labels: [name], notSure: false, suggestionShown: false, rejectedSuggestion: false },
  });
}

beforeAll(() => {
  ({ db, close } = openTestDatabase());
  for (const name of ["lead", "reviewer", "ann1", "ann2"]) people[name] = createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" }).id;
  projectId = createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], overlap: 2, createdBy: people.lead }).id;
  setMemberRole({ db, projectId, userId: people.reviewer!, role: "reviewer", actorId: people.lead! });
  importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: people.lead!,
    records: ["a", "b", "c", "d"].map((externalId) => ({ externalId, text: `Text ${externalId}`, metadata: {}, contentHash: `h-${externalId}` })),
  });
  for (const row of db.$client.prepare("select id, external_id from items").all() as { id: number; external_id: string }[]) itemIds[row.external_id] = row.id;
});
afterAll(() => close());

describe("fewShotExamples", () => {
  it("prefers items no annotator will be served again over open ones, even unanimous open ones", () => {
    // a: unanimous, then sent back for one more annotation, so open again; b, d: unanimous and
    // closed; c: one label, waiting for its second annotator.
    label("ann1", "a", "spam");
    label("ann2", "a", "spam");
    label("ann1", "b", "ham");
    label("ann2", "b", "ham");
    label("ann1", "c", "spam");
    label("ann1", "d", "spam");
    label("ann2", "d", "spam");
    expect(sendBack({ db, projectId, itemId: itemIds.a!, reviewerId: people.reviewer!, extra: 1, rationale: "unsure", allowOwn: false })).toMatchObject({ status: "requested", added: 1 });

    // Closed first (b, d), labels in turn: ham from b, then spam from d; then the open ones, a before c.
    expect(fewShotExamples({ db, projectId, count: 2 })).toEqual([
      { text: "Text b", labels: ["ham"] },
      { text: "Text d", labels: ["spam"] },
    ]);
    expect(fewShotExamples({ db, projectId, count: 4 })).toEqual([
      { text: "Text b", labels: ["ham"] },
      { text: "Text d", labels: ["spam"] },
      { text: "Text a", labels: ["spam"] },
      { text: "Text c", labels: ["spam"] },
    ]);
  });
});
