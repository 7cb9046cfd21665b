// The token-level exports of a spans project on the database the run is configured for (SQLite, or
// PostgreSQL with GOLDSET_DATABASE_URL): a snapshot written as CoNLL and as a Hugging Face folder,
// through the files route's job and again in this thread, to the same recorded hash; and CoNLL refused
// for a classification project.
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { getExportSnapshot } from "@/db/queries/exports";
import { getJob } from "@/db/queries/jobs";
import { getProjectBySlug } from "@/db/queries/projects";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { exportSnapshot } from "@/lib/export/server/export-snapshot";
import type { FilesJobResult } from "@/lib/export/server/export-jobs";
import { CONLL_METADATA_KEY } from "@/lib/import/spans-conll";
import { runToEnd } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { POST as submitRoute } from "./[slug]/annotations/route";
import { POST as snapshotRoute } from "./[slug]/exports/route";
import { POST as filesRoute } from "./[slug]/exports/[id]/files/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const exportsDir = mkdtempSync(join(tmpdir(), "goldset-span-formats-"));
process.env.GOLDSET_EXPORTS_DIR = exportsDir;

let db: Db;
let close: () => Promise<void>;
let people: Record<string, string>;
let itemId: Record<string, number>;
let projectId: string;

// "Ana 🙂 met Bo in Lima": code points A0 n1 a2 _3 🙂4 _5 m6 e7 t8 _9 B10 o11 _12 i13 n14 _15 L16 i17 m18 a19.
// "Jose\u0301 saw New York": J0 o1 s2 e3 ◌́4 _5 s6 a7 w8 _9 N10 e11 w12 _13 Y14 o15 r16 k17.
// "#wnut at Redondo Beach": a sentence as the CoNLL import stores it, tokens joined with one space and recorded.
const ITEMS = [
  { externalId: "lima", text: "Ana 🙂 met Bo in Lima" },
  { externalId: "accent", text: "Jose\u0301 saw New York" },
  { externalId: "conll", text: "#wnut at Redondo Beach", metadata: { [CONLL_METADATA_KEY]: { tokens: [[0, 5], [6, 8], [9, 16], [17, 22]], separator: "\t" } } },
] as const;
const SPANS: Record<string, { start: number; end: number; label: string }[]> = {
  lima: [
    { start: 0, end: 3, label: "person" },
    { start: 10, end: 12, label: "person" },
    { start: 16, end: 20, label: "location" },
  ],
  accent: [
    { start: 0, end: 5, label: "person" },
    { start: 10, end: 18, label: "location" },
  ],
  conll: [{ start: 9, end: 22, label: "location" }],
};

const EXPECTED_CONLL =
  "Ana\tB-person\n🙂\tO\nmet\tO\nBo\tB-person\nin\tO\nLima\tB-location\n\n" +
  "Jose\u0301\tB-person\nsaw\tO\nNew\tB-location\nYork\tI-location\n\n" +
  "#wnut\tO\nat\tO\nRedondo\tB-location\nBeach\tI-location\n\n";

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", isAdmin: true }, ann1: "annotator", ann2: "annotator" },
    project: { slug: "ner", taskType: "spans", labels: [{ name: "person" }, { name: "location" }], overlap: 2 },
    items: ITEMS,
  });
  ({ people, items: itemId, projectId } = seed);
  for (const who of ["ann1", "ann2"]) {
    for (const item of ITEMS) {
      signedIn.userId = people[who]!;
      const response = await submitRoute(
        jsonPost("/api/projects/ner/annotations", { id: randomUUID(), itemId: itemId[item.externalId], labels: [], spans: SPANS[item.externalId] }),
        routeParams({ slug: "ner" }),
      );
      expect(response.status).toBe(201);
    }
  }
});
afterAll(async () => {
  rmSync(exportsDir, { recursive: true, force: true });
  await close();
});

async function snapshotOf(slug: string, name: string) {
  const response = await snapshotRoute(jsonPost(`/api/projects/${slug}/exports`, { name, minAnnotations: 1 }), routeParams({ slug }));
  expect(response.status).toBe(202);
  const { job } = (await response.json()) as { job: JobView };
  expect(await runToEnd(db, getJob({ db, jobId: job.id }).then((j) => j!))).toMatchObject({ state: "succeeded" });
}

/** Writes the format through the files route's job, then again in this thread; both must give the recorded hash. */
async function writtenTwice(format: "conll" | "hf"): Promise<string> {
  signedIn.userId = people.lead!;
  const stored = async () => (await getExportSnapshot({ db, projectId, name: "v1" }))!;
  const response = await filesRoute(jsonPost(`/api/projects/ner/exports/1/files`, { format }), routeParams({ slug: "ner", id: String((await stored()).id) }));
  expect(response.status).toBe(202);
  const { job } = (await response.json()) as { job: JobView };
  const done = await runToEnd(db, getJob({ db, jobId: job.id }).then((j) => j!));
  expect(done).toMatchObject({ state: "succeeded" });
  const first = done.result as FilesJobResult;
  expect(first).toMatchObject({ format, writerVersion: 1, firstTime: true });
  expect((await stored()).hashes[format]).toMatchObject({ sha256: first.manifest.sha256, writer: 1 });

  const again = mkdtempSync(join(tmpdir(), "goldset-span-formats-again-"));
  try {
    const project = (await getProjectBySlug({ db, slug: "ner" }))!;
    const second = await exportSnapshot({ db, project, snapshot: await stored(), format, outDir: again, actorId: people.lead! });
    expect(second).toMatchObject({ firstTime: false, writerVersion: 1 });
    expect(second.manifest).toEqual(first.manifest);
  } finally {
    rmSync(again, { recursive: true, force: true });
  }
  return first.outDir;
}

describe("token-level exports of a spans project", () => {
  beforeAll(async () => {
    signedIn.userId = people.lead!;
    await snapshotOf("ner", "v1");
  });

  it("writes CoNLL BIO lines with recorded tokens kept, and re-exports to the recorded hash", async () => {
    const folder = await writtenTwice("conll");
    expect(readFileSync(join(folder, "data.conll"), "utf8")).toBe(EXPECTED_CONLL);
  });

  it("writes Hugging Face rows with tokens and ner_tags ids, and re-exports to the recorded hash", async () => {
    const folder = await writtenTwice("hf");
    const rows = readFileSync(join(folder, "data", "all.jsonl"), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line));
    // O=0, B-person=1, I-person=2, B-location=3, I-location=4.
    expect(rows.map((row) => [row.id, row.tokens, row.ner_tags])).toEqual([
      ["lima", ["Ana", "🙂", "met", "Bo", "in", "Lima"], [1, 0, 0, 1, 0, 3]],
      ["accent", ["Jose\u0301", "saw", "New", "York"], [1, 0, 3, 4]],
      ["conll", ["#wnut", "at", "Redondo", "Beach"], [0, 0, 3, 4]],
    ]);
    expect(rows[0]).not.toHaveProperty("labels");
    expect(readFileSync(join(folder, "README.md"), "utf8")).toContain("          '4': I-location\n");
  });
});

describe("CoNLL for a classification project", () => {
  it("is refused by the files route with 400 and a message saying what to export instead, queueing nothing", async () => {
    const sms = await seedProject(db, {
      people: { smsLead: "lead", smsAnn: "annotator" },
      project: { slug: "sms", labels: ["ham", "spam"], overlap: 1 },
      items: ["m1"],
    });
    await sms.label("smsAnn", "m1", ["ham"]);
    signedIn.userId = sms.people.smsLead;
    await snapshotOf("sms", "v1");
    const snapshot = (await getExportSnapshot({ db, projectId: sms.projectId, name: "v1" }))!;
    const response = await filesRoute(jsonPost("/api/projects/sms/exports/1/files", { format: "conll" }), routeParams({ slug: "sms", id: String(snapshot.id) }));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: "bad_request",
      message:
        "The conll format tags tokens with entity types, so only a spans project exports it; this project labels whole items. " +
        "Export JSONL, CSV, a Hugging Face folder or Label Studio JSON instead.",
    });
    await expect(exportSnapshot({ db, project: sms.project, snapshot, format: "conll", outDir: join(exportsDir, "refused"), actorId: null })).rejects.toThrow(
      /only a spans project exports it/,
    );
    expect((await getExportSnapshot({ db, projectId: sms.projectId, name: "v1" }))!.hashes).toEqual({});
  });
});
