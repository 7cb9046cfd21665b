// Without GOLDSET_SECRET, and with a session secret too short to stand in for it, a webhook cannot
// be created: its signing secret would have nothing to be sealed under. Nothing is stored.
import { afterAll, beforeAll, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { webhooks } from "@/db/schema";
import { seedProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));
vi.hoisted(() => {
  delete process.env.GOLDSET_SECRET;
});

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  // openRouteTestDatabase sets NEXTAUTH_SECRET to a 17-character secret: too short to seal with.
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead" }, project: { slug: "hooks", labels: ["a"] } });
  signedIn.userId = seed.people.lead;
});
afterAll(() => close());

it("refuses to create a webhook when no master secret is configured, saying what to set", async () => {
  const response = await POST(jsonPost("/api/projects/hooks/webhooks", { url: "http://127.0.0.1:9/hook", events: ["item.resolved"] }), routeParams({ slug: "hooks" }));
  expect(response.status).toBe(400);
  expect(((await response.json()) as { message: string }).message).toBe(
    "A webhook's signing secret is stored sealed under GOLDSET_SECRET: set it (at least 32 characters; `openssl rand -base64 32`) in the server's environment, then create the webhook.",
  );
  expect(await db.select().from(webhooks)).toEqual([]);
});
