// Renames, merges and their reverts on a real database. The story: three annotators at overlap 3
// on labels ham, spam, junk.
//   i1: a1 spam, a2 junk, a3 ham  -> three different votes: unresolved (no majority)
//   i2: a1 ham,  a2 ham,  a3 ham  -> unanimous ham
// Merging junk into spam makes i1 read spam, spam, ham: majority spam at 2/3. Renaming ham to
// legit makes i2 unanimous legit without touching a stored annotation.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject, submitLabel } from "../test-seed";
import { changeLabel, listManagedLabels, type LabelChange } from "./label-management";
import { refreshProjectResolutions } from "./resolutions";
import { teamFigures } from "./team";
import { llmInsights } from "./llm-insights";
import { rankingInputs } from "./ranking";
import { importItems } from "./items";
import { submitAnnotation } from "./annotations";
import { suggestions } from "../schema";
import { randomUUID } from "node:crypto";
import { browseItems, countItems } from "./item-browser";
import { createExportSnapshot, getExportSnapshot, snapshotRecords } from "./exports";
import { getProjectById, type ProjectRecord } from "./projects";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import type { ExportRecord } from "@/lib/export/export-record";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => Promise<void>;
let projectId: string;
let people: Record<"lead" | "a1" | "a2" | "a3", string>;
let items: Record<"i1" | "i2", number>;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "goldset-labels-"));
  ({ db, close } = await openTestDatabase());
  ({ projectId, people, items } = await seedProject(db, {
    people: { lead: "lead", a1: "annotator", a2: "annotator", a3: "annotator" },
    project: { name: "P", slug: "labels", labels: ["ham", "spam", "junk"], overlap: 3 },
    items: ["i1", "i2"],
  }));
  const votes: [keyof typeof people, keyof typeof items, string][] = [
    ["a1", "i1", "spam"],
    ["a2", "i1", "junk"],
    ["a3", "i1", "ham"],
    ["a1", "i2", "ham"],
    ["a2", "i2", "ham"],
    ["a3", "i2", "ham"],
  ];
  for (const [who, item, label] of votes) await submitLabel({ db, projectId, annotatorId: people[who], itemId: items[item], labels: [label] });
});
afterEach(async () => {
  await close();
  rmSync(dir, { recursive: true, force: true });
});

const idOf = async (name: string) => (await listManagedLabels({ db, projectId })).find((l) => l.name === name)!.id;
const change = (c: LabelChange) => changeLabel({ db, projectId, actorId: people.lead, change: c });
const resolutions = async () =>
  Object.fromEntries(
    ((await rawRows(db, "select item_id, method, cast(labels as text) as labels from item_resolutions order by item_id")) as { item_id: number; method: string; labels: string }[]).map(
      (r) => [r.item_id === items.i1 ? "i1" : "i2", `${r.method} ${r.labels}`],
    ),
  );
const view = (v: { anyLabel?: string; finalLabel?: string }) => ({ sort: "id" as const, ...v });

describe("merge", () => {
  it("changes the majority resolution once items are re-resolved, and a revert restores it", async () => {
    expect(await resolutions()).toEqual({ i1: 'unresolved []', i2: 'unanimous ["ham"]' });
    const labels = await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    expect(labels.find((l) => l.name === "junk")).toMatchObject({ retired: true, mergedInto: "spam" });
    expect(labels.find((l) => l.name === "spam")).toMatchObject({ aliases: ["junk"] });
    expect(await refreshProjectResolutions({ db, projectId })).toBe(2);
    expect(await resolutions()).toEqual({ i1: 'majority ["spam"]', i2: 'unanimous ["ham"]' });
    // Nothing stored was rewritten.
    expect(((await rawRows(db, "select cast(labels as text) as l from annotations where cast(labels as text) like '%junk%'")) as unknown[]).length).toBe(1);

    await change({ action: "revertMerge", labelId: await idOf("junk") });
    expect((await listManagedLabels({ db, projectId })).find((l) => l.name === "junk")).toMatchObject({ retired: false, mergedInto: null });
    await refreshProjectResolutions({ db, projectId });
    expect(await resolutions()).toEqual({ i1: 'unresolved []', i2: 'unanimous ["ham"]' });
  });

  it("makes the browser's label filter on the target match items whose annotations store the merged name", async () => {
    // Before: only i1 has a "junk" annotation, and only i1 has "spam".
    expect((await browseItems({ db, projectId, view: view({ anyLabel: "junk" }) })).items.map((i) => i.id)).toEqual([items.i1]);
    await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    await refreshProjectResolutions({ db, projectId });
    expect((await browseItems({ db, projectId, view: view({ anyLabel: "spam" }) })).items.map((i) => i.id)).toEqual([items.i1]);
    expect(await countItems({ db, projectId, view: view({ finalLabel: "spam" }) })).toEqual({ n: 1, more: false });
  });

  it("counts two annotators as agreeing in the team figures when their stored names read the same", async () => {
    // a1-a2 co-labelled i1 (spam / junk) and i2 (ham / ham): 1 of 2 the same; after the merge, 2 of 2.
    const pair = async () => (await teamFigures({ db, projectId })).pairs.find((p) => [p.a, p.b].sort().join() === [people.a1, people.a2].sort().join())!;
    expect((await pair()).agreement.successes).toBe(1);
    await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    expect([(await pair()).agreement.successes, (await pair()).coLabelled]).toEqual([2, 2]);
  });

  it("counts a suggestion stored under the merged name as accepted when the annotator takes it under the target's name, and refuses the merged name", async () => {
    await importItems({ db, projectId, fileName: "more", format: "jsonl", actorId: null, records: [{ externalId: "i3", text: "t3", metadata: {}, contentHash: "i3" }] });
    const itemId = ((await rawRows(db, "select id from items where external_id = 'i3'")) as { id: number }[])[0]!.id;
    const suggestionId = (
      await db
        .insert(suggestions)
        .values({ projectId, itemId, sourceKind: "llm", modelName: "m", labels: ["junk"], status: "ok", promptVersion: 1, createdAt: new Date() })
        .returning({ id: suggestions.id })
    )[0]!.id;
    await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    const input = { id: randomUUID(), itemId, notSure: false, suggestionId, suggestionShown: true, rejectedSuggestion: false };
    await expect(submitAnnotation({ db, projectId, annotatorId: people.a1, input: { ...input, labels: ["junk"] } })).rejects.toThrow(/Unknown label\(s\): junk/);
    await submitAnnotation({ db, projectId, annotatorId: people.a1, input: { ...input, id: randomUUID(), labels: ["spam"] } });
    const stored = (await rawRows(db, `select suggestion_action as action from annotations where item_id = ${itemId}`)) as { action: string }[];
    expect(stored).toEqual([{ action: "accepted" }]);
  });

  it("reads an LLM answer and a stored resolution under today's names in the LLM insights", async () => {
    // The LLM said ham on i2 (unanimous ham); ham is then renamed legit, before any re-resolution.
    await db.insert(suggestions).values({ projectId, itemId: items.i2, sourceKind: "llm", modelName: "m", labels: ["ham"], status: "ok", promptVersion: 1, createdAt: new Date() });
    await change({ action: "rename", labelId: await idOf("ham"), name: "legit" });
    const insights = await llmInsights({ db, projectId, taskType: "single_label" });
    expect(insights.labels).toEqual(["legit", "spam", "junk"]);
    expect(insights.accuracy.overall).toMatchObject({ successes: 1, n: 1 });
    expect(insights.accuracy.perLabel.find((l) => l.label === "legit")).toMatchObject({ support: 1, recall: { successes: 1, n: 1 } });
    expect(insights.accuracy.confusion!.counts[0]![0]).toBe(1);
  });

  it("gives the queue's model its training labels and LLM answers under today's names", async () => {
    await db.insert(suggestions).values({ projectId, itemId: items.i1, sourceKind: "llm", modelName: "m", labels: ["junk"], status: "ok", promptVersion: 1, createdAt: new Date() });
    await change({ action: "rename", labelId: await idOf("ham"), name: "legit" });
    await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    const inputs = (await rankingInputs({ db, projectId }))!;
    // i2's stored resolution says ham (not re-resolved yet); the LLM said junk on i1.
    expect(inputs.resolved).toEqual([{ itemId: items.i2, labels: ["legit"] }]);
    expect(inputs.llmLabels).toEqual([{ itemId: items.i1, labels: ["spam"] }]);
  });

  it("refuses a merge into a retired label and a second merge of a merged label, and audits each change", async () => {
    await change({ action: "retire", labelId: await idOf("ham") });
    await expect(change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("ham") })).rejects.toThrow(/"ham" is retired/);
    await change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") });
    await expect(change({ action: "merge", labelId: await idOf("junk"), intoLabelId: await idOf("spam") })).rejects.toThrow(/already merged/);
    await expect(change({ action: "unretire", labelId: await idOf("junk") })).rejects.toThrow(/revert the merge instead/);
    const audit = (await rawRows(db, "select action from audit_log where action like 'labels.%' order by id")) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(["labels.retire", "labels.merge"]);
  });
});

describe("rename", () => {
  it("reads stored old names under the new name, keeps them stored, and bumps the label set version each time", async () => {
    const before = (await getProjectById({ db, projectId }))!.labelSetVersion;
    await change({ action: "rename", labelId: await idOf("ham"), name: "legit" });
    await change({ action: "rename", labelId: await idOf("legit"), name: "fine" });
    expect((await getProjectById({ db, projectId }))!.labelSetVersion).toBe(before + 2);
    expect((await listManagedLabels({ db, projectId })).map((l) => [l.name, l.aliases])).toEqual([
      ["fine", ["ham", "legit"]],
      ["spam", []],
      ["junk", []],
    ]);
    await refreshProjectResolutions({ db, projectId });
    expect(await resolutions()).toEqual({ i1: 'unresolved []', i2: 'unanimous ["fine"]' });
    expect((await browseItems({ db, projectId, view: view({ anyLabel: "fine" }) })).items.map((i) => i.id)).toEqual([items.i1, items.i2]);
  });

  it("refuses another label's name, an old name now reading as another label, and a command key as hotkey", async () => {
    await expect(change({ action: "rename", labelId: await idOf("ham"), name: "Spam" })).rejects.toThrow(/already called "spam"/);
    await change({ action: "rename", labelId: await idOf("ham"), name: "legit" });
    await expect(change({ action: "add", name: "ham" })).rejects.toThrow(/now reads as "legit"/);
    await expect(change({ action: "rename", labelId: await idOf("spam"), name: "ham" })).rejects.toThrow(/now reads as "legit"/);
    await expect(change({ action: "edit", labelId: await idOf("spam"), hotkey: "n" })).rejects.toThrow(/taken by the annotate page \(not sure\)/);
    // spam holds hotkey 2 from the project's creation.
    await expect(change({ action: "edit", labelId: await idOf("junk"), hotkey: "2" })).rejects.toThrow(/already used by "spam"/);
    const labels = await change({ action: "edit", labelId: await idOf("junk"), hotkey: "j" });
    expect(labels.find((l) => l.name === "junk")?.hotkey).toBe("j");
  });

  it("leaves an earlier export snapshot's records as they were frozen, while a new snapshot reads the new name", async () => {
    const project = (await getProjectById({ db, projectId }))!;
    const rules = snapshotRules(snapshotInputSchema.parse({ name: "v1", includeAnnotations: true }), project);
    await createExportSnapshot({ db, projectId, name: "v1", rules, createdBy: people.lead });
    const frozen = await records("v1");
    expect(frozen.map((r) => [r.id, r.labels])).toEqual([["i2", ["ham"]]]);

    const snapshot = (await getExportSnapshot({ db, projectId, name: "v1" }))!;
    const filesBefore = await hfFiles(project, snapshot, "before");
    expect(filesBefore.card).toContain("ham");
    // A second later, so the rename is unambiguously after the snapshot (timestamps may hold whole seconds).
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await change({ action: "rename", labelId: await idOf("ham"), name: "legit" });
    await refreshProjectResolutions({ db, projectId });
    expect(JSON.stringify(await records("v1"))).toBe(JSON.stringify(frozen));
    const filesAfter = await hfFiles(project, snapshot, "after");
    expect(filesAfter.sha256).toBe(filesBefore.sha256);
    expect(filesAfter.card).toBe(filesBefore.card);
    await createExportSnapshot({ db, projectId, name: "v2", rules: { ...rules }, createdBy: people.lead });
    const fresh = await records("v2");
    expect(fresh.map((r) => [r.id, r.labels])).toEqual([["i2", ["legit"]]]);
    expect(fresh[0]!.annotations?.map((a) => a.labels)).toEqual([["legit"], ["legit"], ["legit"]]);
  });
});

describe("reorder", () => {
  it("moves a label up and down and refuses to move past either end", async () => {
    await change({ action: "move", labelId: await idOf("junk"), direction: "up" });
    expect((await listManagedLabels({ db, projectId })).map((l) => l.name)).toEqual(["ham", "junk", "spam"]);
    await expect(change({ action: "move", labelId: await idOf("ham"), direction: "up" })).rejects.toThrow(/already first/);
  });
});

async function hfFiles(project: ProjectRecord, snapshot: NonNullable<Awaited<ReturnType<typeof getExportSnapshot>>>, folder: string) {
  const outDir = join(dir, folder);
  const { manifest } = await exportSnapshot({ db, project, snapshot, format: "hf", outDir, actorId: people.lead });
  return { sha256: manifest.sha256, card: readFileSync(join(outDir, "README.md"), "utf8") };
}

async function records(name: string): Promise<ExportRecord[]> {
  const snapshot = (await getExportSnapshot({ db, projectId, name }))!;
  const out: ExportRecord[] = [];
  for await (const record of snapshotRecords({ db, snapshotId: snapshot.id })) out.push(record);
  return out;
}
