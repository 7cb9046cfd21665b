import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/db";
import { createExportSnapshot } from "@/db/queries/exports";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { getJob } from "@/db/queries/jobs";
import { resultOf } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { POST as writeFormat } from "../../route";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const exportsDir = mkdtempSync(join(tmpdir(), "goldset-files-route-"));
process.env.GOLDSET_EXPORTS_DIR = exportsDir;
let db: Db;
let close: () => void;
let snapshotId: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", ann: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"], overlap: 1 },
    items: ["one"],
  });
  const { projectId } = seed;
  const lead = seed.people.lead;
  await seed.label("ann", "one", ["ham"]);
  const decidedBy = ["adjudicated", "unanimous", "majority", "dawid-skene", "single"] as const;
  snapshotId = String(
    (
      await createExportSnapshot({
        db,
        projectId,
        name: "v1",
        rules: { decidedBy: [...decidedBy], minAnnotations: 1, includeAnnotations: false, license: "other" },
        createdBy: lead,
      })
    ).id,
  );
  signedIn.userId = lead;
  for (const format of ["jsonl", "label-studio"]) {
    // The route queues the write as a job; run it here, as the server's runner would.
    const written = await writeFormat(jsonPost(`/api/projects/sms/exports/${snapshotId}/files`, { format }), routeParams({ slug: "sms", id: snapshotId }));
    const { job } = (await written.json()) as { job: JobView };
    await resultOf(db, getJob({ db, jobId: job.id }).then((row) => row!));
  }
});
afterAll(() => {
  close();
  rmSync(exportsDir, { recursive: true, force: true });
});

async function contentType(format: string, path: string[]) {
  const answer = await GET(new Request(`http://localhost/api/projects/sms/exports/${snapshotId}/files/${format}/${path.join("/")}`), {
    params: Promise.resolve({ slug: "sms", id: snapshotId, format, path }),
  });
  expect(answer.status).toBe(200);
  return answer.headers.get("content-type");
}

describe("GET /api/projects/[slug]/exports/[id]/files/[format]/[...path]", () => {
  it("serves .jsonl as application/x-ndjson, not as JSON", async () => {
    expect(await contentType("jsonl", ["data.jsonl"])).toBe("application/x-ndjson; charset=utf-8");
  });

  it("serves the Label Studio tasks as JSON and its labeling config as XML", async () => {
    expect(await contentType("label-studio", ["label-studio.json"])).toBe("application/json; charset=utf-8");
    expect(await contentType("label-studio", ["labeling-config.xml"])).toBe("application/xml; charset=utf-8");
  });
});
