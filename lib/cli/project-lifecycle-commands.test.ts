// The CLI keeps the web's rules for archived and deleted projects: it changes nothing in an
// archived one, and does not find a deleted one.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { openRouteTestDatabase } from "@/app/api/route-test-support";
import { countItems } from "@/db/queries/items";
import { getRole } from "@/db/queries/memberships";
import { archiveProject, deleteProject, unarchiveProject } from "@/db/queries/project-lifecycle";
import { seedProject } from "@/db/test-seed";
import { ARCHIVED_REFUSAL } from "@/lib/projects/project-lifecycle";
import { main } from "./main";

let close: () => Promise<void>;
let db: Db;
let dir: string;
let file: string;
let seed: Awaited<ReturnType<typeof seedProject<"lead" | "ann">>>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  seed = await seedProject(db, {
    people: { lead: "lead", ann: null },
    project: { name: "Shelf", slug: "shelf", labels: ["ham", "spam"] },
  });
  dir = mkdtempSync(join(tmpdir(), "goldset-cli-lifecycle-"));
  file = join(dir, "items.jsonl");
  writeFileSync(file, '{"id":"1","text":"hello"}\n{"id":"2","text":"bye"}\n');
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await close();
});

async function run(argv: string[]): Promise<{ code: number; stderr: string }> {
  const written: string[] = [];
  const spy = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  try {
    return { code: await main(argv), stderr: written.join("") };
  } finally {
    spy.mockRestore();
    vi.restoreAllMocks();
  }
}

describe("the CLI on archived and deleted projects", () => {
  it("refuses imports and member changes while the project is archived, and takes them once unarchived", async () => {
    await archiveProject({ db, projectId: seed.projectId, actorId: seed.people.lead });
    const imported = await run(["import", "--project", "shelf", "--file", file]);
    expect(imported).toEqual({ code: 1, stderr: `goldset: ${ARCHIVED_REFUSAL}\n` });
    expect(await countItems({ db, projectId: seed.projectId })).toBe(0);
    expect(await run(["member", "add", "--project", "shelf", "--email", "ann@example.org", "--role", "annotator"])).toEqual({ code: 1, stderr: `goldset: ${ARCHIVED_REFUSAL}\n` });
    expect(await getRole({ db, projectId: seed.projectId, userId: seed.people.ann })).toBeNull();

    await unarchiveProject({ db, projectId: seed.projectId, actorId: seed.people.lead });
    expect((await run(["import", "--project", "shelf", "--file", file])).code).toBe(0);
    expect(await countItems({ db, projectId: seed.projectId })).toBe(2);
  });

  it("does not find a deleted project", async () => {
    await deleteProject({ db, projectId: seed.projectId, actorId: seed.people.lead, typedName: "Shelf" });
    expect(await run(["import", "--project", "shelf", "--file", file])).toEqual({ code: 1, stderr: 'goldset: no project with slug "shelf"\n' });
  });
});
