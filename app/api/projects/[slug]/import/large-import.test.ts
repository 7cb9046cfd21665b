import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { listClassifierVersions } from "@/db/queries/classifier-versions";
import { listImportBatches } from "@/db/queries/items";
import { claimJob, getJob, listProjectJobs, type JobRecord } from "@/db/queries/jobs";
import { rawRow } from "@/db/raw-sql";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { itemImportJob, type ItemImportResult } from "@/lib/import/server/item-import-job";
import { runToEnd } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

// A "large" file is 25 items here rather than 20,000, so the test stays quick; the route reads the threshold from the environment.
vi.hoisted(() => {
  process.env.GOLDSET_IMPORT_JOB_ITEMS = "25";
});

let db: Db;
let close: () => Promise<void>;
let projectId: string;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people } = await seedProject(db, {
    people: { lead: "lead" },
    project: { name: "Big", slug: "big", labels: ["a", "b"] },
  }));
});
afterAll(() => close());

function jsonl(count: number, text: (k: number) => string = (k) => `message number ${k} about topic ${k % 5}`): string {
  return Array.from({ length: count }, (_, k) => JSON.stringify({ id: `m${k}`, text: text(k) })).join("\n");
}

async function upload(body: string, fileName = "big.jsonl") {
  signedIn.userId = people.lead!;
  const request = new Request(`http://localhost/api/projects/big/import?fileName=${fileName}`, {
    method: "POST",
    headers: { "content-type": "application/octet-stream" },
    body,
  });
  const response = await POST(request, routeParams({ slug: "big" }));
  return { status: response.status, body: (await response.json()) as { job?: JobView; inserted?: number; message?: string; problems?: { line?: number; field?: string }[] } };
}

const itemCount = async () => Number((await rawRow<{ n: number | string }>(db, `select count(*) as n from items where project_id = '${projectId}'`))!.n);

describe("POST /api/projects/[slug]/import with a file of GOLDSET_IMPORT_JOB_ITEMS items or more", () => {
  it("refuses a bad file at once with its problems, and queues nothing", async () => {
    const answer = await upload(`${jsonl(30)}\n{"id": "broken"}`);
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ line: 31, field: "text" })]);
    expect(await listProjectJobs({ db, projectId })).toEqual([]);
  });

  it("answers 202 with an item-import job that stores the whole file, ranks the first import, and drops the items from the job", async () => {
    const answer = await upload(jsonl(30));
    expect(answer.status).toBe(202);
    expect(answer.body.job).toMatchObject({ kind: "item-import", state: "queued" });
    // Nothing stored until the job runs.
    expect(await itemCount()).toBe(0);

    const done = await runToEnd(db, (await getJob({ db, jobId: answer.body.job!.id }))!);
    expect(done).toMatchObject({ state: "succeeded", attempts: 1, progress: { done: 30, total: 30, message: "stored" } });
    expect(done.result).toEqual({ outcome: "imported", batch: expect.any(Number), inserted: 30, duplicates: 0, warnings: [] });
    expect(await itemCount()).toBe(30);
    expect(await listImportBatches({ db, projectId })).toMatchObject([{ fileName: "big.jsonl", inserted: 30, duplicates: 0 }]);
    // The project's first import is ranked before the job ends, as a small upload is before it is answered.
    expect(await listClassifierVersions({ db, projectId })).toHaveLength(1);
    // The jobs table keeps the outcome, not the file.
    expect(done.payload).not.toHaveProperty("items");
    expect(done.payload).toMatchObject({ fileName: "big.jsonl", result: done.result });
  });

  it("ends with the problems (line and field) and imports nothing when an id is already in the project with another text", async () => {
    const answer = await upload(jsonl(40, (k) => (k === 7 ? "a changed text" : `message number ${k} about topic ${k % 5}`)), "again.jsonl");
    expect(answer.status).toBe(202);
    const done = await runToEnd(db, (await getJob({ db, jobId: answer.body.job!.id }))!);
    const result = done.result as ItemImportResult;
    expect(done.state).toBe("succeeded");
    expect(result).toMatchObject({ outcome: "refused", problems: [{ line: 8, field: "id" }] });
    expect(result.outcome === "refused" && result.message).toContain("nothing was imported");
    expect(await itemCount()).toBe(30);
    expect(await listImportBatches({ db, projectId })).toHaveLength(1);
    expect(done.payload).not.toHaveProperty("items");
  });

  it("imports nothing from an attempt whose lease passed to another runner, and the file once from the runner holding it", async () => {
    const answer = await upload(jsonl(50, (k) => `third file line ${k}`).replaceAll('"m', '"third-'), "third.jsonl");
    expect(answer.status).toBe(202);
    const kinds = [itemImportJob.kind];
    const t0 = Date.now();
    // The first runner claims the job and stalls past its lease; the second takes it over.
    const first = (await claimJob({ db, owner: "first", leaseMs: 10, kinds, jobId: answer.body.job!.id, now: new Date(t0) }))!;
    const second = (await claimJob({ db, owner: "second", leaseMs: 60_000, kinds, jobId: answer.body.job!.id, now: new Date(t0 + 1_000) }))!;
    expect(second).toMatchObject({ leaseOwner: "second", attempts: 2 });
    const attempt = (job: JobRecord) =>
      itemImportJob.run({ db, job, payload: job.payload as never, reportProgress: () => Promise.resolve(), signal: new AbortController().signal });

    await expect(attempt(first)).rejects.toThrow("the lease passed to another runner");
    expect(await itemCount()).toBe(30);
    expect(await attempt(second)).toMatchObject({ outcome: "imported", inserted: 50 });
    expect(await itemCount()).toBe(80);
    // Run again (say its runner died before recording the end): the stored outcome, not a second import.
    const again = (await getJob({ db, jobId: second.id }))!;
    expect(again.payload).not.toHaveProperty("items");
    expect(await attempt(again)).toMatchObject({ outcome: "imported", inserted: 50 });
    expect(await itemCount()).toBe(80);
    expect((await listImportBatches({ db, projectId })).map((batch) => batch.fileName)).toEqual(["big.jsonl", "third.jsonl"]);
  });
});
