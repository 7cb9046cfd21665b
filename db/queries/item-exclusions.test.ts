// Exclusions from exports against export snapshots and the item's story: a new snapshot leaves
// excluded items out and says how many, a snapshot made before re-exports byte-identical, and the
// item page tells when the item was excluded and included again.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject } from "../test-seed";
import { applyBulkAction } from "./bulk-item-actions";
import { createExportSnapshot, getExportSnapshot, snapshotRecords } from "./exports";
import { itemHistory } from "./item-history";
import type { ProjectRecord } from "./projects";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";

let db: Db;
let close: () => Promise<void> | void;
let dir: string;
let project: ProjectRecord;
let lead: string;
let ids: Record<"i1" | "i2" | "i3", number>;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  dir = mkdtempSync(join(tmpdir(), "goldset-exclusions-"));
  const seed = await seedProject(db, {
    people: { lead: "lead", a1: "annotator", a2: "annotator" },
    project: { slug: "ex", labels: ["ham", "spam"], overlap: 2 },
    items: ["i1", "i2", "i3"],
  });
  ({ project } = seed);
  lead = seed.people.lead;
  ids = seed.items;
  // Three unanimous items: every one meets the default rules.
  for (const [item, label] of [["i1", "spam"], ["i2", "ham"], ["i3", "spam"]] as const) {
    await seed.label("a1", item, [label]);
    await seed.label("a2", item, [label]);
  }
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const exclude = (action: "exclude" | "include", ...items: number[]) => applyBulkAction({ db, projectId: project.id, action, itemIds: items, actorId: lead, jobId: null, reason: "leaked into the test set" });

async function snapshot(name: string) {
  return createExportSnapshot({ db, projectId: project.id, name, rules: snapshotRules(snapshotInputSchema.parse({ name }), project), createdBy: lead });
}

async function recordIds(name: string): Promise<string[]> {
  const stored = (await getExportSnapshot({ db, projectId: project.id, name }))!;
  const out: string[] = [];
  for await (const record of snapshotRecords({ db, snapshotId: stored.id })) out.push(record.id);
  return out;
}

async function writeFiles(name: string, format: "hf" | "jsonl", folder: string) {
  const stored = (await getExportSnapshot({ db, projectId: project.id, name }))!;
  return exportSnapshot({ db, project, snapshot: stored, format, outDir: join(dir, folder), actorId: lead });
}

describe("export snapshots and exclusions", () => {
  it("leave excluded items out of new snapshots, count them, and re-export older snapshots byte-identical", async () => {
    const before = await snapshot("before");
    expect(before.counts).toMatchObject({ items: 3, excluded: 0 });
    const first = await writeFiles("before", "hf", "before-1");
    const firstCard = readFileSync(join(dir, "before-1", "README.md"), "utf8");
    expect(firstCard).not.toContain("excluded");

    await exclude("exclude", ids.i2);
    const after = await snapshot("after");
    expect(await recordIds("after")).toEqual(["i1", "i3"]);
    expect(after.counts).toMatchObject({ items: 2, excluded: 1 });
    await writeFiles("after", "hf", "after");
    expect(readFileSync(join(dir, "after", "README.md"), "utf8")).toContain("items excluded from exports by a lead");

    // The older snapshot still holds i2, and its files come out the same to the byte.
    expect(await recordIds("before")).toEqual(["i1", "i2", "i3"]);
    const again = await writeFiles("before", "hf", "before-2");
    expect(again.firstTime).toBe(false);
    expect(again.manifest).toEqual(first.manifest);
    expect(readFileSync(join(dir, "before-2", "README.md"), "utf8")).toBe(firstCard);

    await exclude("include", ids.i2);
    expect(await recordIds((await snapshot("included")).name)).toEqual(["i1", "i2", "i3"]);
    expect((await getExportSnapshot({ db, projectId: project.id, name: "included" }))!.counts.excluded).toBe(0);
  });
});

describe("the item's story", () => {
  it("shows the exclusion and its revert, by whom and why", async () => {
    await exclude("exclude", ids.i1);
    await exclude("include", ids.i1);
    const history = (await itemHistory({ db, projectId: project.id, itemId: ids.i1 }))!;
    const exclusionEvents = history.events.filter((e) => e.kind === "excluded" || e.kind === "exclusion_reverted");
    expect(exclusionEvents.map((e) => [e.kind, e.by])).toEqual([
      ["excluded", "lead"],
      ["exclusion_reverted", "lead"],
    ]);
    expect(exclusionEvents[0]).toMatchObject({ reason: "leaked into the test set", jobId: null });
    expect(exclusionEvents[0]!.kind === "excluded" && exclusionEvents[0]!.revertedAt).toBeInstanceOf(Date);
  });
});
