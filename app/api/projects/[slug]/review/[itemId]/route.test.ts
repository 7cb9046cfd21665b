import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject, updateProjectSettings } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET } from "./route";
import { rawRow } from "@/db/raw-sql";

vi.mock("next-auth", () => ({ getServerSession: sessionFor }));

let db: Db;
let close: () => void;
let itemId: number;
const people: Record<string, string> = {};

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  for (const name of ["lead", "reviewer"]) people[name] = (await createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" })).id;
  const project = await createProject({
    db,
    name: "SMS",
    slug: "sms",
    taskType: "single_label",
    labelDefs: [{ name: "ham" }, { name: "spam" }],
    createdBy: people.lead,
  });
  await setMemberRole({ db, projectId: project.id, userId: people.reviewer!, role: "reviewer", actorId: people.lead! });
  // Annotators see `source` only; `gold` stays hidden from everyone who labels or decides.
  await updateProjectSettings({ db, projectId: project.id, actorId: people.lead!, changes: { visibleMetadata: ["source"] } });
  await importItems({
    db,
    projectId: project.id,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: people.lead!,
    records: [{ externalId: "m1", text: "Win a prize", metadata: { source: "sms-2012", gold: "spam" }, contentHash: "h-m1" }],
  });
  itemId = ((await rawRow(db, "select id from items")) as { id: number }).id;
});
afterAll(() => close());

describe("GET /api/projects/[slug]/review/[itemId]", () => {
  it("gives the reviewer the item metadata annotators see, and only that", async () => {
    signedIn.userId = people.reviewer!;
    const response = await GET(new Request(`http://localhost/api/projects/sms/review/${itemId}`), routeParams({ slug: "sms", itemId: String(itemId) }));
    expect(response.status).toBe(200);
    const body = (await response.json()) as { item: { metadata: Record<string, unknown> } };
    expect(body.item.metadata).toEqual({ source: "sms-2012" });
  });
});
