// Webhook deliveries end to end below HTTP routes: the outbox rows the six events write, the job
// that signs and sends them to a real receiver on 127.0.0.1, its retries, the allow-list at send
// time, and resends. Runs on SQLite and, under GOLDSET_DATABASE_URL, PostgreSQL.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject, type SeededProject } from "@/db/test-seed";
import { auditLog, webhookDeliveries, type WebhookEvent, WEBHOOK_EVENTS } from "@/db/schema";
import { claimJob, getJob, type JobRecord } from "@/db/queries/jobs";
import { createWebhook, listWebhookDeliveries, resendWebhookDelivery, updateWebhook, type WebhookDelivery } from "@/db/queries/webhooks";
import { adjudicate, sendBack } from "@/db/queries/review";
import { createExportSnapshot } from "@/db/queries/exports";
import { importItems } from "@/db/queries/items";
import { createRun, finishRunExecution } from "@/db/queries/llm-runs";
import { savePromptVersion } from "@/db/queries/llm-prompts";
import { snapshotInputSchema, snapshotRules } from "@/lib/export/snapshot-input";
import { spamHamDefinition } from "@/lib/llm/runs/prelabel-test-fixtures";
import { itemContentHash } from "@/lib/import/content-hash";
import { parseAllowedHosts } from "@/lib/llm/client/outbound-host-policy";
import { runClaimedJob } from "@/lib/jobs/run-claimed-job";
import { startWebhookReceiver, type WebhookTestReceiver } from "./webhook-test-receiver";
import { webhookDeliveryJobKind } from "./webhook-delivery-job";

const MASTER_SECRET = "webhook-test-master-secret-0123456789abcdef";
const masterSecret = () => MASTER_SECRET;
const LOOPBACK = parseAllowedHosts("127.0.0.1");
const deliveryJob = webhookDeliveryJobKind({ policy: () => LOOPBACK, masterSecret });
const OWNER = "test-runner";
const LEASE = { leaseMs: 60_000, heartbeatMs: 15_000, backoffBaseMs: 10 };

let db: Db;
let close: () => Promise<void>;
let receiver: WebhookTestReceiver;
let seed: SeededProject<"lead" | "ann1" | "ann2", "i1" | "i2">;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  seed = await seedProject(db, {
    people: { lead: "lead", ann1: "annotator", ann2: "annotator" },
    project: { slug: "spam", labels: ["spam", "ham"], overlap: 2 },
    items: ["i1", "i2"],
  });
  receiver = await startWebhookReceiver();
});
afterEach(async () => {
  await receiver.close();
  await close();
});

async function addWebhook(events: WebhookEvent[] = [...WEBHOOK_EVENTS], url = receiver.url) {
  const created = await createWebhook({ db, projectId: seed.projectId, actorId: seed.people.lead, url, events, masterSecret });
  receiver.secret = created.secret;
  return created;
}

async function deliveries(): Promise<WebhookDelivery[]> {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.projectId, seed.projectId)).orderBy(webhookDeliveries.id);
}

/** One attempt at a delivery's job, claimed as of `now` (so a test can step past a retry's wait). */
async function attempt(delivery: WebhookDelivery, now = new Date()): Promise<JobRecord | null> {
  const job = await claimJob({ db, owner: OWNER, leaseMs: LEASE.leaseMs, kinds: [deliveryJob.kind], jobId: delivery.jobId!, now });
  if (!job) return null;
  return runClaimedJob({ db, job, kind: deliveryJob, owner: OWNER, lease: LEASE });
}

const bodyOf = (d: WebhookDelivery) => JSON.parse(d.body) as { id: string; event: string; createdAt: string; project: { id: string; slug: string }; data: Record<string, unknown> };

describe("the webhook outbox", () => {
  it("writes nothing while the project has no webhook, or none subscribed to the event", async () => {
    await seed.label("ann1", "i1", ["spam"]);
    expect(await deliveries()).toEqual([]);
    await addWebhook(["snapshot.created"]);
    await seed.label("ann2", "i1", ["spam"]);
    expect(await deliveries()).toEqual([]);
  });

  it("a label: annotation.created with the label, and item.resolved only when the final labels or method change", async () => {
    await addWebhook(["annotation.created", "item.resolved"]);
    const first = await seed.label("ann1", "i1", ["spam"]);
    let rows = await deliveries();
    expect(rows.map((d) => d.event)).toEqual(["annotation.created", "item.resolved"]);
    expect(rows.every((d) => d.state === "pending" && d.attempts === 0 && d.jobId !== null)).toBe(true);
    expect(bodyOf(rows[0]!)).toMatchObject({
      event: "annotation.created",
      project: { id: seed.projectId, slug: "spam" },
      data: { annotationId: first.annotation.id, itemId: seed.items.i1, annotatorId: seed.people.ann1, labels: ["spam"], notSure: false, supersedes: null },
    });
    expect(bodyOf(rows[0]!).id).toMatch(/^evt_[0-9a-f-]{36}$/);
    expect(rows[0]!.eventId).toBe(bodyOf(rows[0]!).id);
    expect(bodyOf(rows[1]!).data).toEqual({ items: [{ itemId: seed.items.i1, labels: ["spam"], method: "single", previous: null }] });

    // The second annotator agrees: still spam, but now unanimous, which is news.
    await seed.label("ann2", "i1", ["spam"]);
    rows = await deliveries();
    expect(rows.map((d) => d.event)).toEqual(["annotation.created", "item.resolved", "annotation.created", "item.resolved"]);
    expect(bodyOf(rows[3]!).data).toEqual({ items: [{ itemId: seed.items.i1, labels: ["spam"], method: "unanimous", previous: { labels: ["spam"], method: "single" } }] });

    // The first annotator submits spam again: an annotation, but the item's resolution stands.
    await seed.label("ann1", "i1", ["spam"]);
    rows = await deliveries();
    expect(rows.map((d) => d.event).slice(4)).toEqual(["annotation.created"]);
  });

  it("a review decision and a send-back: review.decided", async () => {
    await seed.label("ann1", "i1", ["spam"]);
    await seed.label("ann2", "i1", ["ham"]);
    await addWebhook(["review.decided"]);
    await adjudicate({ db, projectId: seed.projectId, itemId: seed.items.i1, reviewerId: seed.people.lead, labels: ["ham"], rationale: "the link is the sender's own", allowOwn: false });
    await sendBack({ db, projectId: seed.projectId, itemId: seed.items.i1, reviewerId: seed.people.lead, extra: 1, rationale: "ask once more", allowOwn: false });
    const rows = await deliveries();
    expect(rows.map((d) => bodyOf(d).data)).toEqual([
      { itemId: seed.items.i1, action: "decide", labels: ["ham"], reviewerId: seed.people.lead, rationale: "the link is the sender's own" },
      { itemId: seed.items.i1, action: "send_back", labels: [], reviewerId: seed.people.lead, rationale: "ask once more", extraAnnotations: 1 },
    ]);
  });

  it("an export snapshot: snapshot.created with its name and counts", async () => {
    await seed.label("ann1", "i1", ["spam"]);
    await seed.label("ann2", "i1", ["spam"]);
    await addWebhook(["snapshot.created"]);
    const rules = snapshotRules(snapshotInputSchema.parse({ name: "v1" }), seed.project);
    const snapshot = await createExportSnapshot({ db, projectId: seed.projectId, name: "v1", rules, createdBy: seed.people.lead });
    const [row] = await deliveries();
    expect(bodyOf(row!)).toMatchObject({ event: "snapshot.created", data: { snapshotId: snapshot.id, name: "v1", createdBy: seed.people.lead, counts: { items: 1, decidedBy: { unanimous: 1 }, excluded: 0 } } });
  });

  it("an item import: import.finished with the batch's counts; an LLM run's end: llm_run.finished", async () => {
    await addWebhook(["import.finished", "llm_run.finished"]);
    const records = ["i2", "i3"].map((externalId) => ({ externalId, text: externalId, metadata: {}, contentHash: itemContentHash(externalId) }));
    const summary = await importItems({ db, projectId: seed.projectId, fileName: "more.jsonl", format: "jsonl", actorId: seed.people.lead, records });
    const { version } = await savePromptVersion({ db, projectId: seed.projectId, actorId: seed.people.lead, definition: spamHamDefinition() });
    const run = await createRun({ db, projectId: seed.projectId, promptVersionId: version.id, itemLimit: null, actorId: seed.people.lead, owner: { kind: "server", pid: 1 } });
    await finishRunExecution({ db, runId: run.id, status: "paused", error: null });
    expect((await deliveries()).map((d) => d.event)).toEqual(["import.finished"]);
    await finishRunExecution({ db, runId: run.id, status: "completed", error: null });
    const rows = await deliveries();
    expect(rows.map((d) => bodyOf(d).data)).toEqual([
      { importBatchId: summary.batch, fileName: "more.jsonl", format: "jsonl", inserted: 1, duplicates: 1 },
      expect.objectContaining({ runId: run.id, status: "completed", error: null }),
    ]);
  });

  it("skips a deactivated webhook", async () => {
    const { webhook } = await addWebhook(["annotation.created"]);
    await updateWebhook({ db, projectId: seed.projectId, webhookId: webhook.id, actorId: seed.people.lead, changes: { active: false } });
    await seed.label("ann1", "i1", ["spam"]);
    expect(await deliveries()).toEqual([]);
  });
});

describe("sending a delivery", () => {
  it("POSTs the stored body, signed so that the receiver verifies it, and records the success", async () => {
    await addWebhook(["annotation.created"]);
    await seed.label("ann1", "i1", ["ham"]);
    const [pending] = await deliveries();
    const job = await attempt(pending!);
    expect(job?.state).toBe("succeeded");
    expect(receiver.received).toHaveLength(1);
    const [received] = receiver.received;
    expect(received!.body).toBe(pending!.body);
    expect(received!.verification).toEqual({ ok: true });
    expect(received!.eventId).toBe(pending!.eventId);
    expect(received!.headers["content-type"]).toBe("application/json");
    const [sent] = await deliveries();
    expect(sent).toMatchObject({ state: "succeeded", attempts: 1, responseStatus: 200, error: null });
    expect(sent!.deliveredAt).not.toBeNull();
  });

  it("retries a failing receiver on the schedule (30 s, then 2 min) and succeeds on the third attempt", async () => {
    await addWebhook(["annotation.created"]);
    receiver.answers = [500, 500];
    await seed.label("ann1", "i1", ["ham"]);
    const [pending] = await deliveries();

    const firstAt = Date.now();
    let job = await attempt(pending!);
    expect(job).toMatchObject({ state: "queued", attempts: 1 });
    expect(job!.error).toBe(`delivery ${pending!.id}: HTTP 500: failing on purpose (500)`);
    const firstWait = job!.runAfter.getTime() - firstAt;
    expect(firstWait).toBeGreaterThanOrEqual(30_000);
    expect(firstWait).toBeLessThan(31_000);
    expect((await deliveries())[0]).toMatchObject({ state: "pending", attempts: 1, responseStatus: 500, error: "HTTP 500: failing on purpose (500)" });

    // Not due yet; due once the clock passes the wait.
    expect(await attempt(pending!)).toBeNull();
    const secondAt = job!.runAfter.getTime();
    job = await attempt(pending!, new Date(secondAt + 1));
    expect(job).toMatchObject({ state: "queued", attempts: 2 });
    const secondWait = job!.runAfter.getTime() - Date.now();
    expect(secondWait).toBeGreaterThan(119_000);
    expect(secondWait).toBeLessThanOrEqual(120_000);

    job = await attempt(pending!, new Date(job!.runAfter.getTime() + 1));
    expect(job).toMatchObject({ state: "succeeded", attempts: 3 });
    expect(receiver.received.map((r) => r.verification)).toEqual([{ ok: true }, { ok: true }, { ok: true }]);
    // Each attempt signs afresh with its own timestamp; the event id stays.
    expect(new Set(receiver.received.map((r) => r.eventId))).toEqual(new Set([pending!.eventId]));
    expect((await deliveries())[0]).toMatchObject({ state: "succeeded", attempts: 3, responseStatus: 200, error: null });
  });

  it("fails the delivery for good after the sixth failed attempt", async () => {
    await addWebhook(["annotation.created"]);
    receiver.answers = [503, 503, 503, 503, 503, 503];
    await seed.label("ann1", "i1", ["ham"]);
    const [pending] = await deliveries();
    let job = await attempt(pending!);
    const waits: number[] = [];
    while (job?.state === "queued") {
      waits.push(job.runAfter.getTime());
      job = await attempt(pending!, new Date(job.runAfter.getTime() + 1));
    }
    expect(job).toMatchObject({ state: "failed", attempts: 6 });
    expect(waits).toHaveLength(5);
    expect((await deliveries())[0]).toMatchObject({ state: "failed", attempts: 6, responseStatus: 503 });
  });

  it("refuses at send time a host the allow-list does not allow, sending nothing", async () => {
    await addWebhook(["annotation.created"]);
    await seed.label("ann1", "i1", ["ham"]);
    const [pending] = await deliveries();
    const strict = webhookDeliveryJobKind({ policy: () => parseAllowedHosts(""), masterSecret });
    const claimed = await claimJob({ db, owner: OWNER, leaseMs: LEASE.leaseMs, kinds: [strict.kind], jobId: pending!.jobId! });
    const job = await runClaimedJob({ db, job: claimed!, kind: strict, owner: OWNER, lease: LEASE });
    expect(job).toMatchObject({ state: "queued", attempts: 1 });
    expect(receiver.received).toEqual([]);
    const [refused] = await deliveries();
    expect(refused).toMatchObject({ state: "pending", attempts: 1, responseStatus: null });
    expect(refused!.error).toMatch(/^Refused to send webhooks to 127\.0\.0\.1: a loopback address\. The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host/);
  });

  it("drops a delivery whose webhook was deactivated before it was sent", async () => {
    const { webhook } = await addWebhook(["annotation.created"]);
    await seed.label("ann1", "i1", ["ham"]);
    await updateWebhook({ db, projectId: seed.projectId, webhookId: webhook.id, actorId: seed.people.lead, changes: { active: false } });
    const [pending] = await deliveries();
    expect(await attempt(pending!)).toMatchObject({ state: "succeeded" });
    expect(receiver.received).toEqual([]);
    expect((await deliveries())[0]).toMatchObject({ state: "failed", attempts: 0, error: "the webhook was deleted or deactivated before this could be sent" });
  });
});

describe("resending", () => {
  it("queues a new delivery of the same event, pointing at the original, audited; the receiver sees the same event id", async () => {
    const { webhook } = await addWebhook(["annotation.created"]);
    await seed.label("ann1", "i1", ["ham"]);
    const [original] = await deliveries();
    await attempt(original!);
    const resent = await resendWebhookDelivery({ db, projectId: seed.projectId, deliveryId: original!.id, actorId: seed.people.lead });
    expect(resent).toMatchObject({ webhookId: webhook.id, resendOf: original!.id, eventId: original!.eventId, body: original!.body, state: "pending", attempts: 0 });
    expect(resent.id).not.toBe(original!.id);
    expect((await getJob({ db, jobId: resent.jobId! }))?.state).toBe("queued");
    await attempt(resent);
    expect(receiver.received.map((r) => [r.eventId, r.verification])).toEqual([
      [original!.eventId, { ok: true }],
      [original!.eventId, { ok: true }],
    ]);
    const page = await listWebhookDeliveries({ db, projectId: seed.projectId, webhookId: webhook.id, limit: 1 });
    expect(page.deliveries.map((d) => d.id)).toEqual([resent.id]);
    expect(page.nextBefore).toBe(resent.id);
    const next = await listWebhookDeliveries({ db, projectId: seed.projectId, webhookId: webhook.id, limit: 1, before: page.nextBefore! });
    expect(next).toEqual({ deliveries: [expect.objectContaining({ id: original!.id, state: "succeeded" })], nextBefore: null });
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, "webhook.resend"));
    expect(audits.map((a) => [a.targetId, a.details])).toEqual([[String(resent.id), { resendOf: original!.id, event: "annotation.created", eventId: original!.eventId }]]);
  });

  it("refuses a delivery of another project", async () => {
    await addWebhook(["annotation.created"]);
    await seed.label("ann1", "i1", ["ham"]);
    const [original] = await deliveries();
    const other = await seedProject(db, { project: { slug: "other", labels: ["x"] } });
    await expect(resendWebhookDelivery({ db, projectId: other.projectId, deliveryId: original!.id, actorId: seed.people.lead })).rejects.toThrow(`Delivery ${original!.id} not found in this project.`);
  });
});
