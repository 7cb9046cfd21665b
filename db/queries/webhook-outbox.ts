// The webhook outbox (docs/decisions/0008): when something a webhook can subscribe to happens, the
// transaction that records it also records one delivery per subscribed webhook and queues the job
// that sends it. The event and its deliveries commit or roll back together, so a receiver never
// hears of a label that was not stored and never misses one that was.
import "server-only";
import { randomUUID } from "node:crypto";
import { and, eq, isNull } from "drizzle-orm";
import { projects, webhookDeliveries, webhooks, type WebhookEvent } from "../schema";
import type { Executor } from "../index";
import { insertQueuedJob } from "./jobs";

/** The job kind that sends a delivery (lib/webhooks/webhook-delivery-job.ts). */
export const WEBHOOK_DELIVERY_JOB = "webhook-delivery";
/** First attempt and five retries (30 s, 2 min, 10 min, 1 h, 6 h apart): about seven and a half hours. */
export const WEBHOOK_MAX_ATTEMPTS = 6;

interface ActiveWebhook {
  id: number;
  events: WebhookEvent[];
}

// Per transaction, the project's active webhooks: a label submission asks twice (the annotation,
// then the item's resolution) and a bulk action once per item, but the database only once. Only
// a transaction's handle is a key: the root handle lives as long as the process, and a cache on it
// would miss webhooks created since. A PostgreSQL transaction retried after a conflict gets a new
// handle, so it reads afresh.
const activeByTransaction = new WeakMap<object, Map<string, Promise<ActiveWebhook[]>>>();

function activeWebhooks(tx: Executor, projectId: string): Promise<ActiveWebhook[]> {
  return Promise.resolve(
    tx
      .select({ id: webhooks.id, events: webhooks.events })
      .from(webhooks)
      .where(and(eq(webhooks.projectId, projectId), eq(webhooks.active, true), isNull(webhooks.deletedAt))),
  );
}

/** The project's active webhooks subscribed to `event`: one indexed read per transaction and project. */
export async function subscribedWebhooks(tx: Executor, projectId: string, event: WebhookEvent): Promise<ActiveWebhook[]> {
  const isRootHandle = "$projectTransaction" in tx;
  let byProject = isRootHandle ? undefined : activeByTransaction.get(tx);
  if (!byProject) {
    byProject = new Map();
    if (!isRootHandle) activeByTransaction.set(tx, byProject);
  }
  let active = byProject.get(projectId);
  if (!active) byProject.set(projectId, (active = activeWebhooks(tx, projectId)));
  return (await active).filter((hook) => hook.events.includes(event));
}

/** What a receiver gets: the event's id, its name and time, the project, and the event's facts. */
export interface WebhookBody {
  id: string;
  event: WebhookEvent;
  createdAt: string;
  project: { id: string; slug: string };
  data: Record<string, unknown>;
}

/**
 * Records `event` for every active webhook of the project subscribed to it, in the caller's
 * transaction, with a queued job per delivery. The runners pick the jobs up at their next poll.
 * Returns the deliveries' ids (none when no webhook listens, at the cost of one read).
 */
export async function emitWebhookEvent(
  tx: Executor,
  { projectId, event, data, now = new Date() }: { projectId: string; event: WebhookEvent; data: Record<string, unknown>; now?: Date },
): Promise<number[]> {
  const hooks = await subscribedWebhooks(tx, projectId, event);
  if (hooks.length === 0) return [];
  const [project] = await tx.select({ id: projects.id, slug: projects.slug }).from(projects).where(eq(projects.id, projectId));
  if (!project) return [];
  const body: WebhookBody = { id: `evt_${randomUUID()}`, event, createdAt: now.toISOString(), project, data };
  const text = JSON.stringify(body);
  const ids: number[] = [];
  for (const hook of hooks) ids.push(await queueDelivery(tx, { webhookId: hook.id, projectId, event, eventId: body.id, body: text, resendOf: null, createdBy: null, now }));
  return ids;
}

/** One delivery row and the job that sends it; the row points at its job. */
export async function queueDelivery(
  tx: Executor,
  {
    webhookId,
    projectId,
    event,
    eventId,
    body,
    resendOf,
    createdBy,
    now,
  }: { webhookId: number; projectId: string; event: WebhookEvent; eventId: string; body: string; resendOf: number | null; createdBy: string | null; now: Date },
): Promise<number> {
  const [delivery] = await tx
    .insert(webhookDeliveries)
    .values({ webhookId, projectId, event, eventId, body, state: "pending", resendOf, createdAt: now })
    .returning({ id: webhookDeliveries.id });
  const job = await insertQueuedJob(tx, { kind: WEBHOOK_DELIVERY_JOB, projectId, payload: { deliveryId: delivery!.id }, maxAttempts: WEBHOOK_MAX_ATTEMPTS, createdBy, now });
  await tx.update(webhookDeliveries).set({ jobId: job.id }).where(eq(webhookDeliveries.id, delivery!.id));
  return delivery!.id;
}
