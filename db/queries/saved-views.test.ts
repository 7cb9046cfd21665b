// Saved browser views on a real database: each user's own, named uniquely per user and project,
// invisible and untouchable to anyone else.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject } from "../test-seed";
import { createSavedView, deleteSavedView, listSavedViews, renameSavedView } from "./saved-views";
import { canonicalViewQuery } from "@/lib/browse/saved-view-input";
import { GoldsetError } from "@/lib/errors";

let db: Db;
let close: () => Promise<void> | void;
let projectId: string;
let otherProjectId: string;
let lead: string;
let rev: string;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead", rev: "reviewer" }, project: { slug: "views", labels: ["a"] } });
  ({ projectId } = seed);
  ({ lead, rev } = seed.people);
  otherProjectId = (await seedProject(db, { project: { slug: "elsewhere", labels: ["a"] } })).projectId;
});
afterEach(() => close());

const names = async (userId: string, project = projectId) => (await listSavedViews({ db, projectId: project, userId })).map((v) => [v.name, v.query]);

describe("saved views", () => {
  it("are listed by name for their owner only, in this project only", async () => {
    await createSavedView({ db, projectId, userId: lead, name: "Spam to check", query: "status=in_review&label=spam" });
    await createSavedView({ db, projectId, userId: lead, name: "Excluded", query: "excluded=yes" });
    await createSavedView({ db, projectId, userId: rev, name: "Spam to check", query: "label=spam" });
    expect(await names(lead)).toEqual([
      ["Excluded", "excluded=yes"],
      ["Spam to check", "status=in_review&label=spam"],
    ]);
    expect(await names(rev)).toEqual([["Spam to check", "label=spam"]]);
    expect(await names(lead, otherProjectId)).toEqual([]);
  });

  it("refuse a name the user already gave a view, and rename and delete only the owner's", async () => {
    const mine = await createSavedView({ db, projectId, userId: lead, name: "Mine", query: "" });
    await createSavedView({ db, projectId, userId: lead, name: "Other", query: "q=x" });
    await expect(createSavedView({ db, projectId, userId: lead, name: "Mine", query: "q=y" })).rejects.toMatchObject({ code: "conflict" });
    await expect(renameSavedView({ db, projectId, userId: lead, id: mine.id, name: "Other" })).rejects.toMatchObject({ code: "conflict" });
    await expect(renameSavedView({ db, projectId, userId: rev, id: mine.id, name: "Stolen" })).rejects.toMatchObject({ code: "not_found" });
    await expect(deleteSavedView({ db, projectId, userId: rev, id: mine.id })).rejects.toBeInstanceOf(GoldsetError);
    await expect(renameSavedView({ db, projectId: otherProjectId, userId: lead, id: mine.id, name: "Moved" })).rejects.toMatchObject({ code: "not_found" });
    expect((await renameSavedView({ db, projectId, userId: lead, id: mine.id, name: "Renamed" })).name).toBe("Renamed");
    await deleteSavedView({ db, projectId, userId: lead, id: mine.id });
    expect(await names(lead)).toEqual([["Other", "q=x"]]);
  });
});

describe("canonicalViewQuery", () => {
  it("keeps the filters and sort in the browser's own form, drops the page position, and refuses what the browser refuses", () => {
    expect(canonicalViewQuery("?sort=-id&q=free+prize&status=labelled&after=5_5&excluded=no")).toBe("status=labelled&q=free+prize&excluded=no&sort=-id");
    expect(canonicalViewQuery("")).toBe("");
    expect(() => canonicalViewQuery("status=pending")).toThrow(/status/);
  });
});
