import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createProject } from "./projects";
import { importItems } from "./items";
import { importAnnotations, importLabelStudio } from "./annotation-import";
import { submitAnnotation, undoLastSubmission } from "./annotations";
import { createUser } from "./users";
import { reviewQueue } from "./review";
import { parseAnnotationFile } from "@/lib/import/annotation-file-format";
import { rawRow, rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
const bytes = (s: string) => [new TextEncoder().encode(s)];
const count = async (table: string) => ((await rawRow(db, `select count(*) as n from ${table}`)) as { n: number }).n;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  projectId = (await createProject({ db, name: "P", slug: "pp", taskType: "single_label", labelDefs: [{ name: "pos" }, { name: "neg" }], overlap: 2 })).id;
});
afterEach(() => close());

const labelStudioExport = JSON.stringify([
  {
    id: 1,
    data: { text: "great film" },
    annotations: [
      { completed_by: { id: 7, email: "ann@lab.org" }, result: [{ type: "choices", from_name: "sentiment", to_name: "text", value: { choices: ["pos"] } }] },
      { completed_by: 8, result: [{ type: "choices", from_name: "sentiment", to_name: "text", value: { choices: ["neg"] } }] },
    ],
  },
  {
    id: 2,
    data: { text: "dull" },
    annotations: [
      { completed_by: { id: 7, email: "ann@lab.org" }, result: [{ type: "choices", from_name: "sentiment", to_name: "text", value: { choices: ["neg"] } }] },
    ],
  },
]);

describe("importLabelStudio", () => {
  it("brings tasks in as items and their annotations with their annotators, and re-importing adds nothing", async () => {
    const parsed = await parseAnnotationFile(bytes(labelStudioExport), "label-studio", { labels: ["pos", "neg"] });
    if (parsed.kind !== "label-studio") throw new Error("expected a Label Studio parse");
    expect(parsed.parsed.problemCount).toBe(0);
    const run = async () =>
      await importLabelStudio({ db, projectId, fileName: "ls.json", items: parsed.parsed.items, rows: parsed.parsed.annotations, actorId: null });
    expect(await run()).toMatchObject({ items: { inserted: 2 }, annotations: { inserted: 3, duplicates: 0, newAnnotators: 2 } });
    expect(await run()).toMatchObject({ items: { inserted: 0, duplicates: 2 }, annotations: { inserted: 0, duplicates: 3 } });
    const disputed = await reviewQueue({ db, projectId, reviewerId: "x", includeOwn: true });
    expect(disputed.map((d) => [d.externalId, d.reasons])).toEqual([["1", ["disagreement"]]]);
    const logins = (await rawRows(db, "select email, password_hash as hash from users order by email")) as { email: string; hash: string }[];
    expect(logins.map((l) => l.email)).toEqual(["ann@lab.org", "label-studio-user-8@imported.invalid"]);
    expect(logins.every((l) => !l.hash.startsWith("$argon2"))).toBe(true);
  });
});

describe("importAnnotations", () => {
  it("refuses the whole file when a row names an unknown item, and writes nothing", async () => {
    await importItems({
      db,
      projectId,
      fileName: "i",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "a", text: "a", metadata: {}, contentHash: "a" }],
    });
    const parsed = await parseAnnotationFile(bytes("item,annotator,label\na,w1,pos\nzzz,w2,neg\n"), "csv", { labels: ["pos", "neg"] });
    if (parsed.kind !== "rows") throw new Error("expected rows");
    const before = { annotations: await count("annotations"), users: await count("users"), batches: await count("import_batches") };
    await expect(importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null })).rejects.toThrow(
      /nothing was imported/,
    );
    try {
      await importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null });
    } catch (error) {
      expect((error as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual([
        'line 3: item "zzz" is not in the project; import the items first.',
      ]);
    }
    expect({ annotations: await count("annotations"), users: await count("users"), batches: await count("import_batches") }).toEqual(before);
  });

  it("supersedes an annotator's earlier label when the file changes it", async () => {
    await importItems({
      db,
      projectId,
      fileName: "i",
      format: "jsonl",
      actorId: null,
      records: [{ externalId: "a", text: "a", metadata: {}, contentHash: "a" }],
    });
    const load = async (csv: string) => {
      const parsed = await parseAnnotationFile(bytes(csv), "csv", { labels: ["pos", "neg"] });
      if (parsed.kind !== "rows") throw new Error("expected rows");
      return await importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null });
    };
    await load("item,annotator,label\na,w1,pos\n");
    expect(await load("item,annotator,label\na,w1,neg\n")).toMatchObject({ inserted: 1, superseded: 1 });
    const rows = (await rawRows(db, "select cast(labels as text) as labels, supersedes_id as s from annotations order by created_at, supersedes_id is not null")) as {
      labels: string;
      s: string | null;
    }[];
    expect(rows.map((r) => [JSON.parse(r.labels), r.s !== null])).toEqual([
      [["pos"], false],
      [["neg"], true],
    ]);
  });

  it("recounts labelled_by and open from the current labels of every item it touches, and leaves the others alone", async () => {
    await importItems({
      db,
      projectId,
      fileName: "i",
      format: "jsonl",
      actorId: null,
      records: ["a", "b", "c", "d"].map((id) => ({ externalId: id, text: id, metadata: {}, contentHash: id })),
    });
    const ids = Object.fromEntries(((await rawRows(db, "select external_id as e, id from items")) as { e: string; id: number }[]).map((r) => [r.e, r.id]));
    const lead = (await createUser({ db, email: "lead@lab.org", name: "Lead", passwordHash: "x" })).id;
    const inApp = async (item: string, label: string, at: number) =>
      await submitAnnotation({
        db,
        projectId,
        annotatorId: lead,
        input: { id: randomUUID(), itemId: ids[item]!, labels: [label], notSure: false, suggestionShown: false, rejectedSuggestion: false },
        now: new Date(at),
      });
    await inApp("b", "pos", 1_000);
    await inApp("d", "neg", 2_000);
    await inApp("a", "pos", 3_000);
    await undoLastSubmission({ db, projectId, userId: lead, now: new Date(4_000) }); // retracts the lead's label on a
    await rawRows(db, "update items set extra_annotations = 1 where external_id = 'c'");

    const parsed = await parseAnnotationFile(
      bytes("item,annotator,label\na,w1,pos\na,w2,neg\nb,w1,pos\nb,w1,neg\nc,w1,pos\nc,w2,pos\na,lead@lab.org,neg\nd,lead@lab.org,neg\n"),
      "csv",
      { labels: ["pos", "neg"] },
    );
    if (parsed.kind !== "rows") throw new Error("expected rows");
    // The lead's row on a supersedes the retraction; the one on d repeats the label in force.
    expect(await importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null })).toMatchObject({
      inserted: 7,
      duplicates: 1,
      superseded: 2,
    });
    // Overlap 2. a: w1, w2 and the lead again. b: the lead and w1 (whose second row replaced the first).
    // c: w1, w2, but one extra annotation asked for. d: untouched, the lead alone.
    const state = (await rawRows(db, "select external_id as e, labelled_by as n, cast(open as integer) as open from items order by external_id"));
    expect(state).toEqual([
      { e: "a", n: 3, open: 0 },
      { e: "b", n: 2, open: 0 },
      { e: "c", n: 2, open: 1 },
      { e: "d", n: 1, open: 1 },
    ]);
  });
});
