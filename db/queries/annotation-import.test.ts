import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createProject } from "./projects";
import { importItems } from "./items";
import { importAnnotations, importLabelStudio } from "./annotation-import";
import { reviewQueue } from "./review";
import { parseAnnotationFile } from "@/lib/import/annotation-file-format";

let db: Db;
let close: () => void;
let projectId: string;
const bytes = (s: string) => [new TextEncoder().encode(s)];
const count = (table: string) => (db.$client.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

beforeEach(() => {
  ({ db, close } = openTestDatabase());
  projectId = createProject({ db, name: "P", slug: "pp", taskType: "single_label", labelDefs: [{ name: "pos" }, { name: "neg" }], overlap: 2 }).id;
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
    annotations: [{ completed_by: { id: 7, email: "ann@lab.org" }, result: [{ type: "choices", from_name: "sentiment", to_name: "text", value: { choices: ["neg"] } }] }],
  },
]);

describe("importLabelStudio", () => {
  it("brings tasks in as items and their annotations with their annotators, and re-importing adds nothing", async () => {
    const parsed = await parseAnnotationFile(bytes(labelStudioExport), "label-studio", { labels: ["pos", "neg"] });
    if (parsed.kind !== "label-studio") throw new Error("expected a Label Studio parse");
    expect(parsed.parsed.problemCount).toBe(0);
    const run = () => importLabelStudio({ db, projectId, fileName: "ls.json", items: parsed.parsed.items, rows: parsed.parsed.annotations, actorId: null });
    expect(run()).toMatchObject({ items: { inserted: 2 }, annotations: { inserted: 3, duplicates: 0, newAnnotators: 2 } });
    expect(run()).toMatchObject({ items: { inserted: 0, duplicates: 2 }, annotations: { inserted: 0, duplicates: 3 } });
    const disputed = reviewQueue({ db, projectId, reviewerId: "x", includeOwn: true });
    expect(disputed.map((d) => [d.externalId, d.reasons])).toEqual([["1", ["disagreement"]]]);
    const logins = db.$client.prepare("select email, password_hash as hash from users order by email").all() as { email: string; hash: string }[];
    expect(logins.map((l) => l.email)).toEqual(["ann@lab.org", "label-studio-user-8@imported.invalid"]);
    expect(logins.every((l) => !l.hash.startsWith("$argon2"))).toBe(true);
  });
});

describe("importAnnotations", () => {
  it("refuses the whole file when a row names an unknown item, and writes nothing", async () => {
    importItems({ db, projectId, fileName: "i", format: "jsonl", actorId: null, records: [{ externalId: "a", text: "a", metadata: {}, contentHash: "a" }] });
    const parsed = await parseAnnotationFile(bytes("item,annotator,label\na,w1,pos\nzzz,w2,neg\n"), "csv", { labels: ["pos", "neg"] });
    if (parsed.kind !== "rows") throw new Error("expected rows");
    const before = { annotations: count("annotations"), users: count("users"), batches: count("import_batches") };
    expect(() => importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null })).toThrow(
      /nothing was imported/,
    );
    try {
      importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null });
    } catch (error) {
      expect((error as { problems: { message: string }[] }).problems.map((p) => p.message)).toEqual([
        'line 3: item "zzz" is not in the project; import the items first.',
      ]);
    }
    expect({ annotations: count("annotations"), users: count("users"), batches: count("import_batches") }).toEqual(before);
  });

  it("supersedes an annotator's earlier label when the file changes it", async () => {
    importItems({ db, projectId, fileName: "i", format: "jsonl", actorId: null, records: [{ externalId: "a", text: "a", metadata: {}, contentHash: "a" }] });
    const load = async (csv: string) => {
      const parsed = await parseAnnotationFile(bytes(csv), "csv", { labels: ["pos", "neg"] });
      if (parsed.kind !== "rows") throw new Error("expected rows");
      return importAnnotations({ db, projectId, fileName: "a.csv", format: "csv", rows: parsed.parsed.annotations, actorId: null });
    };
    await load("item,annotator,label\na,w1,pos\n");
    expect(await load("item,annotator,label\na,w1,neg\n")).toMatchObject({ inserted: 1, superseded: 1 });
    const rows = db.$client.prepare("select labels, supersedes_id as s from annotations order by created_at, rowid").all() as { labels: string; s: string | null }[];
    expect(rows.map((r) => [JSON.parse(r.labels), r.s !== null])).toEqual([
      [["pos"], false],
      [["neg"], true],
    ]);
  });
});
