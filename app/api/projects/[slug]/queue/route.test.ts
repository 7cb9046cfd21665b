// Gold answers never reach an annotator: on a project where every item is gold, nothing an
// annotator's calls answer (next items, submissions, suggestions, undo) says which items are gold
// or what their answers are, and a gold item's payload has the same shape as a normal one. The
// routes that do return answers refuse annotators (app/api/permission-table.test.ts runs every
// caller against them; two are repeated here for the reader).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { markGoldItems } from "@/db/queries/gold";
import { saveGoldSettings } from "@/db/queries/gold-settings";
import { pauseMember, unpauseMember } from "@/db/queries/memberships";
import { projects } from "@/db/schema";
import { eq } from "drizzle-orm";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as nextItems } from "./route";
import { POST as submit } from "../annotations/route";
import { POST as undo } from "../undo/route";
import { GET as suggestionFor } from "../llm/suggestions/[itemId]/route";
import { GET as listGold } from "../gold/route";
import { GET as goldSettings } from "../gold/settings/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => Promise<void>;
let people: Record<"lead" | "ann", string>;
let goldIds: number[];
const slug = "secrecy";
// An answer label no payload has any other reason to carry (there are no suggestions here).
const ANSWER = "zebra";

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", ann: "annotator" },
    project: { slug, labels: [ANSWER, "other"], overlap: 1 },
    items: [{ externalId: "e1", text: "first text" }, { externalId: "e2", text: "second text" }, { externalId: "e3", text: "third text" }, "e4", "e5", "e6"],
  });
  people = seed.people;
  goldIds = [seed.items.e1, seed.items.e2, seed.items.e3];
  await markGoldItems({ db, projectId: seed.projectId, actorId: people.lead, source: "manual", answers: goldIds.map((itemId) => ({ itemId, labels: [ANSWER] })) });
  await saveGoldSettings({ db, projectId: seed.projectId, actorId: people.lead, changes: { rate: 0.5, action: "pause", minAnswers: 100 } });
});
afterAll(async () => await close());

describe("an annotator's responses on a project with gold items", () => {
  it("carry no trace of gold, and gold and normal items come in the same shape", async () => {
    signedIn.userId = people.ann;
    const bodies: string[] = [];
    const seen = new Map<number, Record<string, unknown>>();
    for (let round = 0; round < 6; round++) {
      const response = await nextItems(jsonPost(`/api/projects/${slug}/queue`, { count: 1 }), routeParams({ slug }));
      expect(response.status).toBe(200);
      const text = await response.text();
      bodies.push(text);
      const body = JSON.parse(text) as { items: Record<string, unknown>[]; paused: boolean };
      expect(Object.keys(body).sort()).toEqual(["items", "paused", "progress"]);
      expect(body.paused).toBe(false);
      const item = body.items[0]!;
      seen.set(item.id as number, item);
      const suggestion = await suggestionFor(new Request(`http://localhost/api/projects/${slug}/llm/suggestions/${String(item.id)}`), routeParams({ slug, itemId: String(item.id) }));
      bodies.push(await suggestion.text());
      const submitted = await submit(jsonPost(`/api/projects/${slug}/annotations`, { id: randomUUID(), itemId: item.id, labels: ["other"] }), routeParams({ slug }));
      expect(submitted.status).toBe(201);
      bodies.push(await submitted.text());
    }
    const undone = await undo(jsonPost(`/api/projects/${slug}/undo`, {}), routeParams({ slug }));
    bodies.push(await undone.text());

    // Six rounds on six items at overlap 1 serve every item, the three gold ones among them.
    expect(seen.size).toBe(6);
    expect(goldIds.every((id) => seen.has(id))).toBe(true);
    const shapes = new Set([...seen.values()].map((item) => Object.keys(item).sort().join(",")));
    expect(shapes).toEqual(new Set(["externalId,id,metadata,suggestion,text"]));
    for (const body of bodies) {
      expect(body.toLowerCase()).not.toContain("gold");
      expect(body).not.toContain(ANSWER);
    }
  });

  it("cannot read the gold list or the gold settings", async () => {
    signedIn.userId = people.ann;
    expect((await listGold(new Request(`http://localhost/api/projects/${slug}/gold`), routeParams({ slug }))).status).toBe(403);
    expect((await goldSettings(new Request(`http://localhost/api/projects/${slug}/gold/settings`), routeParams({ slug }))).status).toBe(403);
  });

  it("refuses a paused annotator's label even for an item they were served, and takes it again once unpaused", async () => {
    signedIn.userId = people.ann;
    const served = (await (await nextItems(jsonPost(`/api/projects/${slug}/queue`, {}), routeParams({ slug }))).json()) as { items: { id: number }[] };
    const itemId = served.items[0]!.id;
    const projectId = (await db.select({ id: projects.id }).from(projects).where(eq(projects.slug, slug)))[0]!.id;
    await db.transaction((tx) => pauseMember({ tx, projectId, userId: people.ann, reason: "test", actorId: people.lead }));
    const refused = await submit(jsonPost(`/api/projects/${slug}/annotations`, { id: randomUUID(), itemId, labels: ["other"] }), routeParams({ slug }));
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toContain("paused");
    await unpauseMember({ db, projectId, userId: people.ann, actorId: people.lead });
    const taken = await submit(jsonPost(`/api/projects/${slug}/annotations`, { id: randomUUID(), itemId, labels: ["other"] }), routeParams({ slug }));
    expect(taken.status).toBe(201);
  });
});
