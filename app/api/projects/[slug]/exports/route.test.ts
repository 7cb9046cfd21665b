import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { setMemberRole } from "@/db/queries/memberships";
import { getExportSnapshot } from "@/db/queries/exports";
import { getJob } from "@/db/queries/jobs";
import { createProject, getProjectBySlug } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { runToEnd } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
const people: Record<string, string> = {};

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  for (const name of ["lead", "ann"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  for (const [slug, overlap] of [
    ["triple", 3],
    ["solo", 1],
  ] as const) {
    const project = await createProject({
      db,
      name: slug,
      slug,
      taskType: "single_label",
      labelDefs: [{ name: "ham" }, { name: "spam" }],
      overlap,
      createdBy: people.lead,
    });
    await setMemberRole({ db, projectId: project.id, userId: people.ann!, role: "annotator", actorId: people.lead! });
  }
});
afterAll(() => close());

/** Posts the snapshot, runs the job the route queued, and reads back the snapshot it froze. */
async function createSnapshotAs(who: string, slug: string, body: Record<string, unknown>) {
  signedIn.userId = who;
  const response = await POST(jsonPost(`/api/projects/${slug}/exports`, body), routeParams({ slug }));
  const answer = (await response.json()) as { job?: JobView };
  if (!answer.job) return { status: response.status, body: {} };
  const done = await runToEnd(db, getJob({ db, jobId: answer.job.id }).then((job) => job!));
  expect(done).toMatchObject({ kind: "export-snapshot", state: "succeeded" });
  const project = (await getProjectBySlug({ db, slug }))!;
  return { status: response.status, body: { snapshot: await getExportSnapshot({ db, projectId: project.id, name: String(body.name) }) } };
}

describe("POST /api/projects/[slug]/exports", () => {
  it("takes the project's overlap as the default minimum, and leaves out labels resting on one person", async () => {
    const { status, body } = await createSnapshotAs(people.lead!, "triple", { name: "v1" });
    expect(status).toBe(202);
    expect(body.snapshot?.rules).toEqual({
      decidedBy: ["adjudicated", "unanimous"],
      minAnnotations: 3,
      overlap: 3,
      includeAnnotations: false,
      license: "other",
    });
  });

  it("counts single labels by default where the project asks for one annotation per item", async () => {
    const { body } = await createSnapshotAs(people.lead!, "solo", { name: "v1" });
    expect(body.snapshot?.rules).toMatchObject({ decidedBy: ["adjudicated", "unanimous", "single"], minAnnotations: 1, overlap: 1 });
  });

  it("keeps a minimum the lead lowered, and the overlap beside it for the card", async () => {
    const { body } = await createSnapshotAs(people.lead!, "triple", { name: "low", minAnnotations: 1, decidedBy: ["single", "majority"] });
    expect(body.snapshot?.rules).toMatchObject({ decidedBy: ["single", "majority"], minAnnotations: 1, overlap: 3 });
  });

  it("counts single labels by default when the lead lowers the minimum below the overlap without choosing resolutions", async () => {
    const lowered = await createSnapshotAs(people.lead!, "triple", { name: "lowered", minAnnotations: 1 });
    expect(lowered.status).toBe(202);
    expect(lowered.body.snapshot?.rules).toMatchObject({ decidedBy: ["adjudicated", "unanimous", "single"], minAnnotations: 1, overlap: 3 });
    // At the overlap, or above it, the default stays agreed or adjudicated labels.
    const full = await createSnapshotAs(people.lead!, "triple", { name: "full", minAnnotations: 3 });
    expect(full.body.snapshot?.rules).toMatchObject({ decidedBy: ["adjudicated", "unanimous"], minAnnotations: 3 });
  });

  it("refuses a name already taken, before queueing anything", async () => {
    signedIn.userId = people.lead!;
    const response = await POST(jsonPost("/api/projects/triple/exports", { name: "v1" }), routeParams({ slug: "triple" }));
    expect(response.status).toBe(409);
  });

  it("refuses an annotator", async () => {
    expect((await createSnapshotAs(people.ann!, "triple", { name: "mine" })).status).toBe(403);
  });
});
