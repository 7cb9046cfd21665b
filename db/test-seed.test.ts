import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "./index";
import { openTestDatabase } from "./test-database";
import { seedProject, type SeededProject } from "./test-seed";
import { annotationHistory } from "./queries/annotations";
import { getItem, listImportBatches } from "./queries/items";
import { getRole } from "./queries/memberships";
import { listLabels } from "./queries/projects";
import { getRankingSettings } from "./queries/ranking-settings";
import { getUserById } from "./queries/users";

let db: Db;
let close: () => Promise<void>;
let seed: SeededProject;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  seed = await seedProject(db, {
    people: { admin: { role: null, isAdmin: true, name: "Admin" }, lead: "lead", rev: "reviewer", ann: "annotator", outsider: null },
    project: {
      name: "SMS",
      slug: "sms",
      labels: ["ham", { name: "spam", hotkey: "s" }],
      overlap: 2,
      settings: { leaseMinutes: 7 },
      ranking: { retrainEvery: 5 },
    },
    items: ["a", { externalId: "b", text: "Text b", metadata: { source: "x" } }],
  });
});
afterAll(() => close());

describe("seedProject", () => {
  it("creates each person with a membership in their role, none for a null role", async () => {
    const roles = Object.fromEntries(
      await Promise.all(Object.entries(seed.people).map(async ([key, userId]) => [key, await getRole({ db, projectId: seed.projectId, userId })])),
    );
    expect(roles).toEqual({ admin: null, lead: "lead", rev: "reviewer", ann: "annotator", outsider: null });
    expect(await getUserById({ db, id: seed.people.admin! })).toMatchObject({ email: "admin@example.org", name: "Admin", isAdmin: true });
    expect(await getUserById({ db, id: seed.people.ann! })).toMatchObject({ email: "ann@example.org", name: "ann", isAdmin: false });
  });

  it("imports the items in one batch by the lead, and maps each external id to its item", async () => {
    expect(await getItem({ db, projectId: seed.projectId, itemId: seed.items.a! })).toMatchObject({ externalId: "a", text: "a", metadata: {} });
    expect(await getItem({ db, projectId: seed.projectId, itemId: seed.items.b! })).toMatchObject({
      externalId: "b",
      text: "Text b",
      metadata: { source: "x" },
    });
    expect((await listImportBatches({ db, projectId: seed.projectId })).map((b) => [b.inserted, b.createdBy])).toEqual([[2, seed.people.lead]]);
  });

  it("creates the project with its labels, then saves its settings and ranking knobs", async () => {
    expect(seed.project).toMatchObject({ slug: "sms", name: "SMS", taskType: "single_label", overlap: 2, leaseMinutes: 7 });
    expect((await listLabels({ db, projectId: seed.projectId })).map((l) => [l.name, l.hotkey])).toEqual([
      ["ham", "1"],
      ["spam", "s"],
    ]);
    expect((await getRankingSettings({ db, projectId: seed.projectId })).retrainEvery).toBe(5);
  });

  it("labels an item as a person through submitAnnotation", async () => {
    const { annotation } = await seed.label("ann", "b", ["spam"], { notSure: true });
    expect(annotation).toMatchObject({ annotatorId: seed.people.ann, itemId: seed.items.b, labels: ["spam"], notSure: true, suggestionShown: false });
    expect((await annotationHistory({ db, projectId: seed.projectId })).map((a) => [a.externalId, a.annotator, a.labels])).toEqual([
      ["b", "ann@example.org", ["spam"]],
    ]);
  });
});
