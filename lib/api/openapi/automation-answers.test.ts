// The automation routes answer what the document promises: real answers, on a real database
// (SQLite, and PostgreSQL on its pass), parsed with the response schemas the document is built from.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createUser } from "@/db/queries/users";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET as listProjects, POST as createProject } from "@/app/api/projects/route";
import { POST as importItems } from "@/app/api/projects/[slug]/import/route";
import { GET as listItems } from "@/app/api/projects/[slug]/items/route";
import { GET as countItems } from "@/app/api/projects/[slug]/items/count/route";
import { POST as importPredictions } from "@/app/api/projects/[slug]/predictions/route";
import { GET as listExports, POST as snapshot } from "@/app/api/projects/[slug]/exports/route";
import { GET as readJob } from "@/app/api/projects/[slug]/jobs/[id]/route";
import { GET as agreement } from "@/app/api/projects/[slug]/agreement/route";
import {
  agreementSchema,
  exportSnapshotListSchema,
  itemCountSchema,
  itemImportSchema,
  itemPageSchema,
  jobQueuedSchema,
  predictionImportSchema,
  projectCreatedSchema,
  projectListSchema,
} from "./response-schemas";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let close: () => Promise<void>;
const slug = routeParams({ slug: "auto" });
const base = "http://localhost/api/v1/projects";
const upload = (url: string, body: string) => new Request(url, { method: "POST", headers: { "content-type": "application/octet-stream" }, body });
const json = (url: string, body: unknown) => new Request(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function answer(response: Response, status: number) {
  const body = (await response.json()) as unknown;
  expect(response.status, JSON.stringify(body)).toBe(status);
  return body;
}

beforeAll(async () => {
  let db: Db;
  ({ db, close } = await openRouteTestDatabase());
  signedIn.userId = (await createUser({ db, email: "bot@example.org", name: "Bot", passwordHash: "x", isAdmin: true })).id;
});
afterAll(() => close());

describe("the automation routes answer as documented", () => {
  it("create a project, import items and predictions, list, count, snapshot, read a job and the agreement", async () => {
    const created = projectCreatedSchema.parse(await answer(await createProject(json(base, { name: "Auto", slug: "auto", taskType: "single_label", labels: [{ name: "ham" }, { name: "spam" }] })), 201));
    expect(created.project).toMatchObject({ slug: "auto", overlap: 1, archivedAt: null });
    expect(projectListSchema.parse(await answer(await listProjects(), 200)).projects.map((p) => p.slug)).toEqual(["auto"]);

    const items = '{"id":"m1","text":"Win a prize"}\n{"id":"m2","text":"Lunch?"}\n';
    expect(itemImportSchema.parse(await answer(await importItems(upload(`${base}/auto/import?fileName=sms.jsonl`, items), slug), 201))).toMatchObject({ inserted: 2, duplicates: 0 });
    // The same file again: nothing new, both ids already there with the same text.
    expect(itemImportSchema.parse(await answer(await importItems(upload(`${base}/auto/import?fileName=sms.jsonl`, items), slug), 201))).toMatchObject({ inserted: 0, duplicates: 2 });

    const predictions = '{"item":"m1","label":"spam","score":0.9,"model":"rules"}\n';
    expect(predictionImportSchema.parse(await answer(await importPredictions(upload(`${base}/auto/predictions?fileName=p.jsonl`, predictions), slug), 201))).toMatchObject({ inserted: 1 });

    const page = itemPageSchema.parse(await answer(await listItems(new Request(`${base}/auto/items?status=open`), slug), 200));
    expect(page.items.map((i) => i.externalId)).toEqual(["m1", "m2"]);
    expect(itemCountSchema.parse(await answer(await countItems(new Request(`${base}/auto/items/count`), slug), 200))).toEqual({ n: 2, more: false });

    const { job } = jobQueuedSchema.parse(await answer(await snapshot(json(`${base}/auto/exports`, { name: "v1" }), slug), 202));
    expect(job).toMatchObject({ kind: "export-snapshot", state: "queued" });
    expect(jobQueuedSchema.parse(await answer(await readJob(new Request(`${base}/auto/jobs/${job.id}`), routeParams({ slug: "auto", id: String(job.id) })), 200)).job.id).toBe(job.id);
    expect(exportSnapshotListSchema.parse(await answer(await listExports(new Request(`${base}/auto/exports`), slug), 200)).snapshots).toEqual([]);

    expect(agreementSchema.parse(await answer(await agreement(new Request(`${base}/auto/agreement`), slug), 200)).snapshots).toEqual([]);
  });
});
