// A spans project's item import through its route, on the database the run is configured for
// (SQLite, or PostgreSQL with GOLDSET_DATABASE_URL): CoNLL, JSONL with offsets and Label Studio
// files bring items and their spans together, all or nothing; and the WNUT-17 dev set, imported
// whole, is read back from the database and written as CoNLL byte for byte.
import { resolve } from "node:path";
import { readFileSync } from "node:fs";
import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { annotations, auditLog, importBatches, items, users } from "@/db/schema";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { CONLL_METADATA_KEY, type ConllItemMetadata } from "@/lib/import/spans-conll";
import { writeConll } from "@/lib/spans/conll";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const WNUT_DEV = resolve(import.meta.dirname, "../../../../..", process.env.GOLDSET_DATASETS ?? "../shared/datasets", "wnut17/dev.conll");
const WNUT_TYPES = ["corporation", "creative-work", "group", "location", "person", "product"];

let db: Db;
let close: () => Promise<void>;
const projectIds: Record<string, string> = {};
const leadOf: Record<string, string> = {};

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const ner = await seedProject(db, {
    people: { lead: "lead", ann: "annotator" },
    project: { slug: "ner", taskType: "spans", labels: [{ name: "person" }, { name: "location" }, { name: "urgent", kind: "item" }] },
  });
  projectIds.ner = ner.projectId;
  const wnut = await seedProject(db, { people: { wnutLead: "lead" }, project: { slug: "wnut", taskType: "spans", labels: WNUT_TYPES.map((name) => ({ name })) } });
  projectIds.wnut = wnut.projectId;
  const topics = await seedProject(db, { people: { topicsLead: "lead" }, project: { slug: "topics", labels: ["sport", "other"] } });
  projectIds.topics = topics.projectId;
  leadOf.ner = ner.people.lead;
  leadOf.wnut = wnut.people.wnutLead;
  leadOf.topics = topics.people.topicsLead;
}, 60_000);
afterAll(async () => await close());

async function upload(slug: string, fileName: string, body: string, query: Record<string, string> = {}) {
  signedIn.userId = leadOf[slug]!;
  const params = new URLSearchParams({ fileName, ...query });
  const response = await POST(
    new Request(`http://localhost/api/projects/${slug}/import?${params}`, { method: "POST", headers: { "content-type": "application/octet-stream" }, body }),
    routeParams({ slug }),
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> & { problems?: { line?: number; field?: string; message: string }[] } };
}

async function storedItems(projectId: string) {
  return await db.select({ id: items.id, externalId: items.externalId, text: items.text, metadata: items.metadata }).from(items).where(eq(items.projectId, projectId)).orderBy(asc(items.id));
}

async function importedAnnotations(projectId: string) {
  return await db
    .select({ itemId: annotations.itemId, email: users.email, spans: annotations.spans, labels: annotations.labels, source: annotations.source, batch: annotations.importBatchId })
    .from(annotations)
    .innerJoin(users, eq(users.id, annotations.annotatorId))
    .where(eq(annotations.projectId, projectId))
    .orderBy(asc(annotations.itemId));
}

describe("POST /api/projects/[slug]/import for a spans project", () => {
  it("refuses a CoNLL file with a bad tag whole, naming the line, and stores nothing", async () => {
    const { status, body } = await upload("ner", "bad.conll", "Ana\tB-person\n\nin\tO\nLima\tI-location\n\n");
    expect(status).toBe(422);
    expect(body.error).toBe("invalid_import");
    expect(body.message).toBe("bad.conll: 1 problem(s) found; nothing was imported. Fix the file and import it again.");
    expect(body.problems).toEqual([
      { line: 4, field: "tag", message: 'line 4: tag "I-location" continues an entity that was never opened; the entity\'s first token needs B-location' },
    ]);
    expect(await storedItems(projectIds.ner!)).toEqual([]);
  });

  it("stores a CoNLL file's sentences as items with their token offsets, and its entities as the importing lead's annotations", async () => {
    const { status, body } = await upload("ner", "good.conll", "Ana\tB-person\nmet\tO\nBo\tB-person\n\nin\tO\nSan\tB-location\nJuan\tI-location\n\n");
    expect(status).toBe(201);
    expect(body).toMatchObject({ inserted: 2, duplicates: 0, annotations: { inserted: 2, duplicates: 0 }, warnings: [] });
    const stored = await storedItems(projectIds.ner!);
    expect(stored.map((i) => [i.text, i.metadata])).toEqual([
      ["Ana met Bo", { conll: { tokens: [[0, 3], [4, 7], [8, 10]], separator: "\t" } }],
      ["in San Juan", { conll: { tokens: [[0, 2], [3, 6], [7, 11]], separator: "\t" } }],
    ]);
    const rows = await importedAnnotations(projectIds.ner!);
    expect(rows.map((r) => [r.email, r.spans, r.labels, r.source])).toEqual([
      ["lead@example.org", [{ start: 0, end: 3, label: "person" }, { start: 8, end: 10, label: "person" }], [], "import"],
      ["lead@example.org", [{ start: 3, end: 11, label: "location" }], [], "import"],
    ]);
    // Items and annotations share the file's import batch, and the import is audited.
    const batch = (await db.select().from(importBatches).where(eq(importBatches.id, rows[0]!.batch!)))[0]!;
    expect(batch).toMatchObject({ kind: "annotations", fileName: "good.conll", format: "conll", inserted: 2 });
    const audited = await db.select({ action: auditLog.action }).from(auditLog).where(and(eq(auditLog.projectId, projectIds.ner!), eq(auditLog.targetId, String(batch.id))));
    expect(audited.map((a) => a.action)).toContain("annotations.import");

    // The same file again adds nothing.
    const again = await upload("ner", "good.conll", "Ana\tB-person\nmet\tO\nBo\tB-person\n\nin\tO\nSan\tB-location\nJuan\tI-location\n\n");
    expect(again.body).toMatchObject({ inserted: 0, duplicates: 2, annotations: { inserted: 0, duplicates: 2 } });
  });

  it("reads JSONL offsets as code points, or as UTF-16 units when declared, and names the annotator's account", async () => {
    const line = (id: string, start: number, end: number) => JSON.stringify({ id, text: "🙂 Lima", spans: [{ start, end, label: "location" }], annotator: "Maria" });
    const refused = await upload("ner", "spans.jsonl", `${line("j1", 2, 6)}\n${line("j2", 2, 9)}\n`);
    expect(refused.status).toBe(422);
    expect(refused.body.problems).toEqual([{ line: 2, field: "spans.0.end", message: "line 2, spans.0.end: 9 is past the end of the text (6)" }]);

    const utf16 = await upload("ner", "spans.jsonl", `${line("j1", 3, 7)}\n`, { offsets: "utf-16" });
    expect(utf16.status).toBe(201);
    const rows = await importedAnnotations(projectIds.ner!);
    expect(rows.at(-1)).toMatchObject({ email: "maria@imported.invalid", spans: [{ start: 2, end: 6, label: "location" }] });
  });

  it("imports a Label Studio export's labels regions, converting UTF-16 offsets", async () => {
    const tasks = [
      {
        id: 41,
        data: { text: "🙂 Bo here" },
        annotations: [{ completed_by: { id: 2, email: "ann@example.org" }, result: [{ type: "labels", from_name: "label", to_name: "text", value: { start: 3, end: 5, text: "Bo", labels: ["person"] } }] }],
      },
    ];
    const { status, body } = await upload("ner", "ls.json", JSON.stringify(tasks));
    expect(status).toBe(201);
    expect(body).toMatchObject({ inserted: 1, annotations: { inserted: 1 } });
    const rows = await importedAnnotations(projectIds.ner!);
    expect(rows.at(-1)).toMatchObject({ email: "ann@example.org", spans: [{ start: 2, end: 4, label: "person" }], source: "import" });
  });

  it("keeps a classification project's item import as it was: CoNLL is not one of its formats", async () => {
    const { status, body } = await upload("topics", "x.conll", "a\tO\n");
    expect(status).toBe(400);
    expect(String(body.message)).toContain("cannot tell the format");
  });
});

describe("WNUT-17 dev set round trip", () => {
  it("imports the whole file and writes its stored tokens and spans back as the same CoNLL bytes", async () => {
    const file = readFileSync(WNUT_DEV, "utf8");
    const { status, body } = await upload("wnut", "dev.conll", file);
    expect(status).toBe(201);
    // 1,009 sentences; 3 repeat an earlier one and are kept as items of their own.
    expect(body).toMatchObject({ inserted: 1009, duplicates: 0, annotations: { inserted: 1009, duplicates: 0 } });

    const stored = await storedItems(projectIds.wnut!);
    const spansOf = new Map((await importedAnnotations(projectIds.wnut!)).map((a) => [a.itemId, a.spans ?? []]));
    const sentences = stored.map((item) => {
      const conll = item.metadata[CONLL_METADATA_KEY] as ConllItemMetadata;
      return { text: item.text, tokens: conll.tokens, spans: spansOf.get(item.id) ?? [] };
    });
    const separator = (stored[0]!.metadata[CONLL_METADATA_KEY] as ConllItemMetadata).separator;
    expect(writeConll(sentences, { separator }) === file).toBe(true);
    // 470 B-person tags in the file, so 470 person spans.
    expect(sentences.flatMap((s) => s.spans).filter((s) => s.label === "person")).toHaveLength(470);
  }, 120_000);
});
