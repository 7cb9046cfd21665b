import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject } from "../test-seed";
import { projectProgress } from "./project-progress";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

describe("projectProgress", () => {
  it("counts items and the items holding all their labels, per project", async () => {
    const first = await seedProject(db, {
      people: { lead: "lead", ann: "annotator", bob: "annotator" },
      project: { slug: "first", labels: ["ham", "spam"], overlap: 2 },
      items: ["a", "b", "c"],
    });
    // Overlap 2: "a" is done with two labels, "b" still waits for a second one.
    await first.label("ann", "a", ["ham"]);
    await first.label("bob", "a", ["spam"]);
    await first.label("ann", "b", ["ham"]);
    const second = await seedProject(db, { project: { slug: "second", labels: ["x"] }, items: ["only"] });
    const progress = await projectProgress({ db, projectIds: [first.projectId, second.projectId] });
    expect(progress.get(first.projectId)).toEqual({ items: 3, labelled: 1 });
    expect(progress.get(second.projectId)).toEqual({ items: 1, labelled: 0 });
  });
});
