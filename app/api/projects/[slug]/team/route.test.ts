// Who may read the team's figures: the lead and site admins; reviewers and annotators are refused,
// people outside the project do not learn it exists.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import type { TeamFigures } from "@/db/queries/team";
import { GET } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let close: () => Promise<void>;
let people: Record<"lead" | "reviewer" | "ann" | "bob" | "admin" | "outsider", string>;

beforeAll(async () => {
  const opened = await openRouteTestDatabase();
  close = opened.close;
  const seed = await seedProject(opened.db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator", bob: "annotator", admin: { role: null, isAdmin: true }, outsider: null },
    project: { slug: "sms", labels: ["ham", "spam"], overlap: 2 },
    items: ["m1"],
  });
  people = seed.people;
  await seed.label("ann", "m1", ["spam"]);
  await seed.label("bob", "m1", ["ham"]);
});
afterAll(async () => await close());

async function teamAs(person: keyof typeof people | null) {
  signedIn.userId = person === null ? null : people[person];
  return await GET(new Request("http://localhost/api/projects/sms/team"), routeParams({ slug: "sms" }));
}

describe("GET /api/projects/[slug]/team", () => {
  it("gives the lead each annotator's figures and the pair's agreement", async () => {
    const response = await teamAs("lead");
    expect(response.status).toBe(200);
    const body = (await response.json()) as TeamFigures;
    expect(body.annotators.map((a) => [a.name, a.itemsDone])).toEqual([
      ["ann", 1],
      ["bob", 1],
    ]);
    expect(body.pairs).toHaveLength(1);
    expect(body.pairs[0]).toMatchObject({ coLabelled: 1, agreement: { successes: 0, n: 1 } });
  });

  it("lets a site admin who is not a member read them", async () => {
    expect((await teamAs("admin")).status).toBe(200);
  });

  it("refuses reviewers and annotators", async () => {
    expect((await teamAs("reviewer")).status).toBe(403);
    expect((await teamAs("ann")).status).toBe(403);
  });

  it("answers not found to someone outside the project, and asks the signed-out to sign in", async () => {
    expect((await teamAs("outsider")).status).toBe(404);
    expect((await teamAs(null)).status).toBe(401);
  });
});
