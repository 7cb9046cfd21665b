import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { rawRow, rawRows } from "../raw-sql";
import { seedProject } from "../test-seed";
import { GoldsetError } from "@/lib/errors";
import { getProjectById, getProjectBySlug, listProjectsForUser } from "./projects";
import { archiveProject, deleteProject, listDeletedProjects, restoreProject, unarchiveProject } from "./project-lifecycle";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

type AuditRow = { action: string; actorId: string | null; targetId: string; details: string };
const auditOf = async (projectId: string) =>
  await rawRows<AuditRow>(
    db,
    `select action, actor_id as "actorId", target_id as "targetId", cast(details as text) as details from audit_log where project_id = ? and action like 'project.%' and action <> 'project.create' order by id`,
    projectId,
  );

async function refusal(work: Promise<unknown>): Promise<GoldsetError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GoldsetError);
  return error as GoldsetError;
}

describe("archiving a project", () => {
  it("sets and clears archivedAt, audits both, and refuses to archive twice or unarchive an active project", async () => {
    const p = await seedProject(db, { people: { lead: "lead" }, project: { slug: "shelf", labels: ["a", "b"] } });
    const lead = p.people.lead;
    expect((await getProjectBySlug({ db, slug: "shelf" }))!.archivedAt).toBeNull();

    const { archivedAt } = await archiveProject({ db, projectId: p.projectId, actorId: lead });
    expect((await getProjectBySlug({ db, slug: "shelf" }))!.archivedAt).toEqual(archivedAt);
    const twice = await refusal(archiveProject({ db, projectId: p.projectId, actorId: lead }));
    expect([twice.status, twice.message]).toEqual([409, "This project is already archived."]);

    await unarchiveProject({ db, projectId: p.projectId, actorId: lead });
    expect((await getProjectBySlug({ db, slug: "shelf" }))!.archivedAt).toBeNull();
    const again = await refusal(unarchiveProject({ db, projectId: p.projectId, actorId: lead }));
    expect([again.status, again.message]).toEqual([409, "This project is not archived."]);

    const audit = await auditOf(p.projectId);
    expect(audit.map((a) => [a.action, a.actorId, a.targetId])).toEqual([
      ["project.archive", lead, p.projectId],
      ["project.unarchive", lead, p.projectId],
    ]);
    expect(JSON.parse(audit[1]!.details)).toEqual({ archivedAt: archivedAt.toISOString() });
  });

  it("keeps an archived project in the lists, marked as archived", async () => {
    const p = await seedProject(db, { people: { boss: "lead" }, project: { slug: "listed", labels: ["a", "b"] } });
    await archiveProject({ db, projectId: p.projectId, actorId: p.people.boss });
    const listed = await listProjectsForUser({ db, userId: p.people.boss, isAdmin: false });
    expect(listed.map((l) => [l.slug, l.archivedAt !== null])).toEqual([["listed", true]]);
  });
});

describe("deleting a project", () => {
  it("refuses unless the typed name is the project's name exactly, and changes nothing then", async () => {
    const p = await seedProject(db, { people: { lead2: "lead" }, project: { slug: "careful", name: "Careful Project", labels: ["a", "b"] }, items: ["x"] });
    for (const typed of ["careful project", "Careful Project ", "careful", ""]) {
      const error = await refusal(deleteProject({ db, projectId: p.projectId, actorId: p.people.lead2, typedName: typed }));
      expect(error.status).toBe(400);
      expect(error.problems).toEqual([{ field: "typedName", message: "The typed name does not match the project's name." }]);
    }
    expect(await getProjectBySlug({ db, slug: "careful" })).toBeDefined();
    expect(await auditOf(p.projectId)).toEqual([]);
  });

  it("hides the project from every lookup and list, keeps its rows, and audits who deleted it", async () => {
    const p = await seedProject(db, {
      people: { owner: "lead", ann: "annotator", root: { role: null, isAdmin: true } },
      project: { slug: "gone", name: "Gone Soon", labels: ["a", "b"] },
      items: ["one", "two"],
    });
    await p.label("ann", "one", ["a"]);
    await archiveProject({ db, projectId: p.projectId, actorId: p.people.owner });
    await deleteProject({ db, projectId: p.projectId, actorId: p.people.owner, typedName: "Gone Soon" });

    expect(await getProjectBySlug({ db, slug: "gone" })).toBeUndefined();
    expect(await getProjectById({ db, projectId: p.projectId })).toBeUndefined();
    for (const [userId, isAdmin] of [
      [p.people.owner, false],
      [p.people.ann, false],
      [p.people.root, true],
    ] as const) {
      expect((await listProjectsForUser({ db, userId, isAdmin })).map((l) => l.slug)).not.toContain("gone");
    }
    // The rows stay: the project, its 2 items and its one annotation.
    const kept = await rawRow<{ items: number; annotations: number; deletedBy: string }>(
      db,
      `select (select count(*) from items where project_id = ?) as items, (select count(*) from annotations where project_id = ?) as annotations, deleted_by as "deletedBy" from projects where id = ?`,
      p.projectId,
      p.projectId,
      p.projectId,
    );
    expect(kept).toEqual({ items: 2, annotations: 1, deletedBy: p.people.owner });
    const audit = await auditOf(p.projectId);
    expect(audit.map((a) => a.action)).toEqual(["project.archive", "project.delete"]);
    expect(JSON.parse(audit[1]!.details)).toEqual({ slug: "gone", name: "Gone Soon" });

    // A deleted project takes no more changes, and its slug stays taken.
    const archived = await refusal(archiveProject({ db, projectId: p.projectId, actorId: p.people.owner }));
    expect(archived.status).toBe(404);
    await expect(seedProject(db, { project: { slug: "gone", labels: ["a", "b"] } })).rejects.toThrow('The slug "gone" is not available');

    // A site admin sees it among the deleted projects and can restore it.
    const deleted = await listDeletedProjects({ db });
    expect(deleted.find((d) => d.id === p.projectId)).toMatchObject({ slug: "gone", name: "Gone Soon", deletedBy: p.people.owner });
    await restoreProject({ db, projectId: p.projectId, actorId: p.people.root });
    expect((await getProjectBySlug({ db, slug: "gone" }))?.archivedAt).not.toBeNull();
    expect((await listDeletedProjects({ db })).map((d) => d.id)).not.toContain(p.projectId);
    expect((await auditOf(p.projectId)).at(-1)).toMatchObject({ action: "project.restore", actorId: p.people.root });
  });
});
