// A project's webhooks and their delivery log (docs/decisions/0008). The secret is sealed under the
// instance's master secret, bound to the project, and never read back out to a route: the lead sees
// it once, when the webhook is created.
import "server-only";
import { and, desc, eq, isNull, lt, type SQL } from "drizzle-orm";
import { webhookDeliveries, webhooks, type WebhookEvent } from "../schema";
import type { Db } from "../index";
import { GoldsetError } from "@/lib/errors";
import { decryptSecret, encryptSecret } from "@/lib/llm/secrets/secret-box";
import { generateWebhookSecret } from "@/lib/webhooks/signature";
import { recordAudit } from "./audit";
import { queueDelivery } from "./webhook-outbox";

export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;

/** A webhook as the lead sees it: never its secret. */
export interface WebhookView {
  id: number;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

const viewColumns = {
  id: webhooks.id,
  url: webhooks.url,
  events: webhooks.events,
  active: webhooks.active,
  createdAt: webhooks.createdAt,
  updatedAt: webhooks.updatedAt,
};

/** The secret box's associated data: a sealed secret copied onto another project's row does not open. */
function sealContext(projectId: string): string {
  return `webhook:${projectId}`;
}

/**
 * Creates a webhook with a new secret, returned here only. `masterSecret` throws (as for LLM keys)
 * when the instance has none to seal it under, and then nothing is stored. The URL's host must
 * already have passed the outbound allow-list (lib/webhooks/webhook-target.ts).
 */
export async function createWebhook({
  db,
  projectId,
  actorId,
  url,
  events,
  active = true,
  masterSecret,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string;
  url: string;
  events: WebhookEvent[];
  active?: boolean;
  masterSecret: () => string;
  now?: Date;
}): Promise<{ webhook: WebhookView; secret: string }> {
  const secret = generateWebhookSecret();
  const sealedSecret = encryptSecret(secret, masterSecret(), sealContext(projectId));
  return await db.transaction(async (tx) => {
    const [webhook] = await tx
      .insert(webhooks)
      .values({ projectId, url, sealedSecret, events, active, createdBy: actorId, createdAt: now, updatedAt: now })
      .returning(viewColumns);
    await recordAudit(tx, { projectId, actorId, action: "webhook.create", targetType: "webhook", targetId: webhook!.id, details: { url, events, active }, at: now });
    return { webhook: webhook!, secret };
  });
}

export async function listWebhooks({ db, projectId }: { db: Db; projectId: string }): Promise<WebhookView[]> {
  return db
    .select(viewColumns)
    .from(webhooks)
    .where(and(eq(webhooks.projectId, projectId), isNull(webhooks.deletedAt)))
    .orderBy(webhooks.id);
}

function liveWebhook(projectId: string, webhookId: number): SQL {
  return and(eq(webhooks.id, webhookId), eq(webhooks.projectId, projectId), isNull(webhooks.deletedAt))!;
}

export async function getWebhook({ db, projectId, webhookId }: { db: Db; projectId: string; webhookId: number }): Promise<WebhookView> {
  const [webhook] = await db.select(viewColumns).from(webhooks).where(liveWebhook(projectId, webhookId));
  if (!webhook) throw new GoldsetError("not_found", `Webhook ${webhookId} not found in this project.`);
  return webhook;
}

/** Changes the URL, the events or whether it is active (audited with what changed). */
export async function updateWebhook({
  db,
  projectId,
  webhookId,
  actorId,
  changes,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  webhookId: number;
  actorId: string;
  changes: { url?: string; events?: WebhookEvent[]; active?: boolean };
  now?: Date;
}): Promise<WebhookView> {
  return await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(webhooks)
      .set({ ...changes, updatedAt: now })
      .where(liveWebhook(projectId, webhookId))
      .returning(viewColumns);
    if (!updated) throw new GoldsetError("not_found", `Webhook ${webhookId} not found in this project.`);
    await recordAudit(tx, { projectId, actorId, action: "webhook.update", targetType: "webhook", targetId: webhookId, details: changes, at: now });
    return updated;
  });
}

/** Marks the webhook deleted: it gets no new events, its pending deliveries fail, its log stays. */
export async function deleteWebhook({ db, projectId, webhookId, actorId, now = new Date() }: { db: Db; projectId: string; webhookId: number; actorId: string; now?: Date }): Promise<void> {
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .update(webhooks)
      .set({ active: false, deletedAt: now, updatedAt: now })
      .where(liveWebhook(projectId, webhookId))
      .returning({ url: webhooks.url });
    if (!deleted) throw new GoldsetError("not_found", `Webhook ${webhookId} not found in this project.`);
    await recordAudit(tx, { projectId, actorId, action: "webhook.delete", targetType: "webhook", targetId: webhookId, details: { url: deleted.url }, at: now });
  });
}

/** A page of a webhook's deliveries, newest first; `before` is the last id of the previous page. */
export async function listWebhookDeliveries({
  db,
  projectId,
  webhookId,
  before,
  limit = 50,
}: {
  db: Db;
  projectId: string;
  webhookId: number;
  before?: number;
  limit?: number;
}): Promise<{ deliveries: WebhookDelivery[]; nextBefore: number | null }> {
  await getWebhook({ db, projectId, webhookId });
  const scope = [eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.projectId, projectId)];
  if (before !== undefined) scope.push(lt(webhookDeliveries.id, before));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...scope))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit + 1);
  const deliveries = rows.slice(0, limit);
  return { deliveries, nextBefore: rows.length > limit ? deliveries[deliveries.length - 1]!.id : null };
}

/**
 * Sends a delivery's event again: a new delivery with the same event id and body (a receiver that
 * dedupes on the id sees a repeat), pointing at the one it repeats, and a job for it. Audited.
 */
export async function resendWebhookDelivery({
  db,
  projectId,
  deliveryId,
  actorId,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  deliveryId: number;
  actorId: string;
  now?: Date;
}): Promise<WebhookDelivery> {
  return await db.transaction(async (tx) => {
    const [original] = await tx
      .select({ delivery: webhookDeliveries, deletedAt: webhooks.deletedAt })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .where(and(eq(webhookDeliveries.id, deliveryId), eq(webhookDeliveries.projectId, projectId)));
    if (!original) throw new GoldsetError("not_found", `Delivery ${deliveryId} not found in this project.`);
    if (original.deletedAt !== null) throw new GoldsetError("conflict", `Delivery ${deliveryId} belongs to a deleted webhook; there is nowhere to resend it.`);
    const { delivery } = original;
    const id = await queueDelivery(tx, {
      webhookId: delivery.webhookId,
      projectId,
      event: delivery.event,
      eventId: delivery.eventId,
      body: delivery.body,
      resendOf: delivery.id,
      createdBy: actorId,
      now,
    });
    await recordAudit(tx, { projectId, actorId, action: "webhook.resend", targetType: "webhook_delivery", targetId: id, details: { resendOf: delivery.id, event: delivery.event, eventId: delivery.eventId }, at: now });
    return (await tx.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0]!;
  });
}

/** What the delivery job needs: the delivery, its webhook's target, whether the webhook still stands, and a way to open its secret. */
export async function deliveryToSend({
  db,
  deliveryId,
  masterSecret,
}: {
  db: Db;
  deliveryId: number;
  masterSecret: () => string;
}): Promise<{ delivery: WebhookDelivery; url: string; live: boolean; openSecret: () => string } | null> {
  const [row] = await db
    .select({ delivery: webhookDeliveries, url: webhooks.url, sealedSecret: webhooks.sealedSecret, active: webhooks.active, deletedAt: webhooks.deletedAt })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .where(eq(webhookDeliveries.id, deliveryId));
  if (!row) return null;
  return {
    delivery: row.delivery,
    url: row.url,
    live: row.active && row.deletedAt === null,
    // Opened by the caller where a failure is recorded as the attempt's (a changed GOLDSET_SECRET).
    openSecret: () => decryptSecret(row.sealedSecret, masterSecret(), sealContext(row.delivery.projectId)),
  };
}

/**
 * Records one attempt: its HTTP status (null when no answer came) and error, and the delivery's
 * state after it: succeeded, pending (a retry follows) or failed (no attempts left, or the webhook
 * was deleted or deactivated meanwhile).
 */
export async function recordDeliveryAttempt({
  db,
  deliveryId,
  state,
  responseStatus,
  error,
  counted = true,
  now = new Date(),
}: {
  db: Db;
  deliveryId: number;
  state: WebhookDelivery["state"];
  responseStatus: number | null;
  error: string | null;
  /** false when nothing was sent (the webhook is gone): the attempt count stays. */
  counted?: boolean;
  now?: Date;
}): Promise<WebhookDelivery> {
  return await db.transaction(async (tx) => {
    const [current] = await tx.select({ attempts: webhookDeliveries.attempts }).from(webhookDeliveries).where(eq(webhookDeliveries.id, deliveryId));
    if (!current) throw new GoldsetError("not_found", `Delivery ${deliveryId} does not exist.`);
    const [updated] = await tx
      .update(webhookDeliveries)
      .set({
        state,
        responseStatus,
        error,
        attempts: current.attempts + (counted ? 1 : 0),
        lastAttemptAt: counted ? now : undefined,
        deliveredAt: state === "succeeded" ? now : null,
      })
      .where(eq(webhookDeliveries.id, deliveryId))
      .returning();
    return updated!;
  });
}
