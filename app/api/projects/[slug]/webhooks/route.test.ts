// The webhook routes as a lead uses them, against a real receiver on 127.0.0.1 (which
// GOLDSET_LLM_ALLOWED_HOSTS lists in the test environment, vitest.config.ts): the allow-list at
// creation, the secret shown once, a delivery the receiver verifies, the log and a resend.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { auditLog, webhookDeliveries } from "@/db/schema";
import { getJob } from "@/db/queries/jobs";
import { seedProject, type SeededProject } from "@/db/test-seed";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { startWebhookReceiver, type WebhookTestReceiver } from "@/lib/webhooks/webhook-test-receiver";
import type { WebhookDeliveryJson, WebhookJson } from "@/lib/webhooks/webhook-views";
import { GET, POST } from "./route";
import { DELETE, PATCH } from "./[id]/route";
import { GET as listDeliveries } from "./[id]/deliveries/route";
import { POST as resend } from "./deliveries/[deliveryId]/resend/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));
vi.hoisted(() => {
  process.env.GOLDSET_SECRET = "test-master-secret-0123456789abcdef";
});

let db: Db;
let close: () => Promise<void>;
let receiver: WebhookTestReceiver;
let seed: SeededProject<"lead" | "ann", "i1">;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  seed = await seedProject(db, { people: { lead: "lead", ann: "annotator" }, project: { slug: "hooks", labels: ["spam", "ham"] }, items: ["i1"] });
  receiver = await startWebhookReceiver();
  signedIn.userId = seed.people.lead;
});
afterAll(async () => {
  await receiver.close();
  await close();
});

const slug = { slug: "hooks" };
const json = async <T>(response: Response) => ({ status: response.status, body: (await response.json()) as T });
const patch = (id: number, body: unknown) =>
  PATCH(new Request(`http://localhost/api/projects/hooks/webhooks/${id}`, { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify(body) }), routeParams({ ...slug, id: String(id) }));

describe("the webhook routes", () => {
  it("refuse a target on an inward address the allow-list does not list, naming the url field", async () => {
    for (const url of ["http://10.0.0.8/hook", "http://169.254.169.254/latest", "http://[::1]:8080/hook"]) {
      const answer = await json<{ message: string; problems: { field: string }[] }>(await POST(jsonPost("/api/projects/hooks/webhooks", { url, events: ["item.resolved"] }), routeParams(slug)));
      expect(answer.status, url).toBe(400);
      expect(answer.body.message, url).toMatch(/^Refused to send webhooks to .* address\. The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host/);
      expect(answer.body.problems[0]?.field).toBe("url");
    }
    const notHttp = await json<{ message: string }>(await POST(jsonPost("/api/projects/hooks/webhooks", { url: "ftp://127.0.0.1/x", events: ["item.resolved"] }), routeParams(slug)));
    expect(notHttp).toMatchObject({ status: 400, body: { message: "A webhook URL must start with http:// or https://." } });
    expect((await json<{ webhooks: WebhookJson[] }>(await GET(new Request("http://localhost/"), routeParams(slug)))).body.webhooks).toEqual([]);
  });

  it("create a webhook, show its secret once, deliver a label the receiver verifies, list it and resend it", async () => {
    const created = await json<{ webhook: WebhookJson; secret: string }>(
      await POST(jsonPost("/api/projects/hooks/webhooks", { url: receiver.url, events: ["annotation.created"] }), routeParams(slug)),
    );
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.body.webhook).toMatchObject({ url: receiver.url, events: ["annotation.created"], active: true });
    receiver.secret = created.body.secret;
    const listed = await json<{ webhooks: Record<string, unknown>[] }>(await GET(new Request("http://localhost/"), routeParams(slug)));
    expect(listed.body.webhooks).toEqual([created.body.webhook]);
    expect(JSON.stringify(listed.body)).not.toContain(created.body.secret.slice(6));
    const audit = await db.select().from(auditLog).where(eq(auditLog.action, "webhook.create"));
    expect(audit.map((a) => a.details)).toEqual([{ url: receiver.url, events: ["annotation.created"], active: true }]);

    await seed.label("ann", "i1", ["spam"]);
    const id = String(created.body.webhook.id);
    const log = async () => (await json<{ deliveries: WebhookDeliveryJson[]; nextBefore: number | null }>(await listDeliveries(new Request("http://localhost/x?limit=10"), routeParams({ ...slug, id })))).body;
    const [pending] = (await log()).deliveries;
    expect(pending).toMatchObject({ event: "annotation.created", state: "pending", attempts: 0, responseStatus: null });
    // The app's own job kinds: GOLDSET_LLM_ALLOWED_HOSTS and GOLDSET_SECRET from the environment.
    expect((await runToEnd(db, (await getJob({ db, jobId: await firstJobId() }))!)).state).toBe("succeeded");
    expect(receiver.received.map((r) => r.verification)).toEqual([{ ok: true }]);
    expect(JSON.parse(receiver.received[0]!.body)).toMatchObject({ event: "annotation.created", project: { slug: "hooks" }, data: { itemId: seed.items.i1, labels: ["spam"] } });
    const [sent] = (await log()).deliveries;
    expect(sent).toMatchObject({ id: pending!.id, state: "succeeded", attempts: 1, responseStatus: 200, error: null });

    const resent = await json<{ delivery: WebhookDeliveryJson }>(
      await resend(new Request("http://localhost/", { method: "POST" }), routeParams({ ...slug, deliveryId: String(pending!.id) })),
    );
    expect(resent).toMatchObject({ status: 201, body: { delivery: { resendOf: pending!.id, eventId: pending!.eventId, state: "pending" } } });
    expect((await log()).deliveries.map((d) => d.id)).toEqual([resent.body.delivery.id, pending!.id]);
  });

  it("change a webhook's events and active flag, re-check a new url, and delete it", async () => {
    const [webhook] = (await json<{ webhooks: WebhookJson[] }>(await GET(new Request("http://localhost/"), routeParams(slug)))).body.webhooks;
    const refused = await json<{ message: string }>(await patch(webhook!.id, { url: "http://192.168.1.20/hook" }));
    expect(refused.status).toBe(400);
    expect(refused.body.message).toContain("Refused to send webhooks to 192.168.1.20: a private address.");
    const changed = await json<{ webhook: WebhookJson }>(await patch(webhook!.id, { events: ["item.resolved", "review.decided"], active: false }));
    expect(changed).toMatchObject({ status: 200, body: { webhook: { events: ["item.resolved", "review.decided"], active: false, url: receiver.url } } });
    expect((await patch(webhook!.id, {})).status).toBe(400);
    const deleted = await DELETE(new Request("http://localhost/", { method: "DELETE" }), routeParams({ ...slug, id: String(webhook!.id) }));
    expect(deleted.status).toBe(200);
    expect((await json<{ webhooks: WebhookJson[] }>(await GET(new Request("http://localhost/"), routeParams(slug)))).body.webhooks).toEqual([]);
    expect((await patch(webhook!.id, { active: true })).status).toBe(404);
    const actions = (await db.select().from(auditLog)).map((a) => a.action).filter((a) => a.startsWith("webhook."));
    expect(actions).toEqual(["webhook.create", "webhook.resend", "webhook.update", "webhook.delete"]);
  });
});

async function firstJobId(): Promise<number> {
  const [first] = await db.select({ jobId: webhookDeliveries.jobId }).from(webhookDeliveries).orderBy(webhookDeliveries.id).limit(1);
  return first!.jobId!;
}
