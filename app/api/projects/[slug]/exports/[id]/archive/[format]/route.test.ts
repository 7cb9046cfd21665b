import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unzipSync } from "fflate";
import type { Db } from "@/db";
import { createExportSnapshot } from "@/db/queries/exports";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { getJob } from "@/db/queries/jobs";
import { runToEnd } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { POST as writeFormat } from "../../files/route";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const exportsDir = mkdtempSync(join(tmpdir(), "goldset-archive-route-"));
process.env.GOLDSET_EXPORTS_DIR = exportsDir;
let db: Db;
let close: () => void;
let snapshotId: number;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator", ann2: "annotator" },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: ["one", "two"],
  });
  people = seed.people;
  const { projectId } = seed;
  for (const item of ["one", "two"] as const) for (const who of ["ann", "ann2"] as const) await seed.label(who, item, ["spam"]);
  const snapshot = await createExportSnapshot({
    db,
    projectId,
    name: "v1",
    rules: { decidedBy: ["unanimous"], minAnnotations: 1, includeAnnotations: false, license: "other" },
    createdBy: people.lead!,
  });
  snapshotId = snapshot.id;
});
afterAll(() => {
  close();
  rmSync(exportsDir, { recursive: true, force: true });
});

async function download(who: string | null, format = "hf") {
  signedIn.userId = who;
  return GET(
    new Request(`http://localhost/api/projects/sms/exports/${snapshotId}/archive/${format}`),
    routeParams({ slug: "sms", id: String(snapshotId), format }),
  );
}

describe("GET /api/projects/[slug]/exports/[id]/archive/[format]", () => {
  it("answers 404 until the format is written", async () => {
    const answer = await download(people.lead!);
    expect(answer.status).toBe(404);
    expect(((await answer.json()) as { message: string }).message).toBe("The hf export of this snapshot is not written yet: write it first.");
  });

  it("gives the lead the Hugging Face folder as one zip with its data/ layout and card", async () => {
    signedIn.userId = people.lead!;
    const written = await writeFormat(
      jsonPost(`/api/projects/sms/exports/${snapshotId}/files`, { format: "hf" }),
      routeParams({ slug: "sms", id: String(snapshotId) }),
    );
    // The route queues the write as a job; run it here, as the server's runner would.
    expect(written.status).toBe(202);
    const { job } = (await written.json()) as { job: JobView };
    expect(await runToEnd(db, getJob({ db, jobId: job.id }).then((row) => row!))).toMatchObject({ kind: "export-files", state: "succeeded" });
    const answer = await download(people.lead!);
    expect(answer.status).toBe(200);
    expect(answer.headers.get("content-type")).toBe("application/zip");
    expect(answer.headers.get("content-disposition")).toBe('attachment; filename="sms-v1-hf.zip"');
    const bytes = new Uint8Array(await answer.arrayBuffer());
    const entries = unzipSync(bytes);
    expect(Object.keys(entries)).toEqual(["README.md", "data/all.jsonl"]);
    const rows = new TextDecoder()
      .decode(entries["data/all.jsonl"])
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: string; label: string });
    expect(rows.map((row) => [row.id, row.label])).toEqual([
      ["one", "spam"],
      ["two", "spam"],
    ]);
    expect(new TextDecoder().decode(entries["README.md"])).toMatch(/^---\n/);
    // The same folder always zips to the same bytes.
    expect(Buffer.from(await (await download(people.lead!)).arrayBuffer()).equals(Buffer.from(bytes))).toBe(true);
  });

  it("refuses everyone but a lead", async () => {
    expect((await download(null)).status).toBe(401);
    for (const who of ["reviewer", "ann"]) expect((await download(people[who]!)).status).toBe(403);
  });

  it("zips the bytes it checked: a file rewritten after the answer was made does not reach the zip", async () => {
    const path = join(exportsDir, "sms", `snapshot-${snapshotId}`, "hf", "data", "all.jsonl");
    const written = readFileSync(path, "utf8");
    const answer = await download(people.lead!);
    expect(answer.status).toBe(200);
    // The answer was checked against the recorded hash; the file changes before its body is read.
    appendFileSync(path, '{"id":"three","label":"ham"}\n');
    try {
      const entries = unzipSync(new Uint8Array(await answer.arrayBuffer()));
      expect(new TextDecoder().decode(entries["data/all.jsonl"])).toBe(written);
    } finally {
      writeFileSync(path, written);
    }
  });

  it("refuses to zip files that no longer match the recorded hash", async () => {
    appendFileSync(join(exportsDir, "sms", `snapshot-${snapshotId}`, "hf", "data", "all.jsonl"), "{}\n");
    const answer = await download(people.lead!);
    expect(answer.status).toBe(409);
    expect(((await answer.json()) as { message: string }).message).toMatch(/no longer match the hash this snapshot recorded; write the format again/);
  });
});
