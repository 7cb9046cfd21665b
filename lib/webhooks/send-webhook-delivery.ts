// One attempt at a delivery: sign the stored body afresh, POST it through the outbound guard LLM
// calls use, record the outcome on the delivery. The job around it (webhook-delivery-job.ts) turns
// a failed attempt into a retry.
import "server-only";
import type { Db } from "@/db";
import { deliveryToSend, recordDeliveryAttempt, type WebhookDelivery } from "@/db/queries/webhooks";
import { postJson } from "@/lib/llm/client/http-post";
import type { OutboundHostPolicy } from "@/lib/llm/client/outbound-host-policy";
import { errorBodyExcerpt } from "@/lib/llm/client/error-excerpt";
import { signWebhook } from "./signature";
import { SENDING_WEBHOOKS } from "./webhook-target";

/** A receiver has this long to answer; it should queue the work and answer at once. */
export const WEBHOOK_TIMEOUT_MS = 10_000;

export type AttemptOutcome =
  | { sent: true; delivery: WebhookDelivery; ok: boolean }
  /** The delivery or its webhook is gone or switched off: nothing was sent and nothing will be. */
  | { sent: false; delivery: WebhookDelivery | null };

export async function sendWebhookDelivery({
  db,
  deliveryId,
  policy,
  masterSecret,
  lastAttempt,
  signal,
  now = () => new Date(),
}: {
  db: Db;
  deliveryId: number;
  policy: OutboundHostPolicy;
  masterSecret: () => string;
  /** No retry follows a failure of this attempt: the delivery fails for good. */
  lastAttempt: boolean;
  signal?: AbortSignal;
  now?: () => Date;
}): Promise<AttemptOutcome> {
  const target = await deliveryToSend({ db, deliveryId, masterSecret });
  if (!target) return { sent: false, delivery: null };
  if (target.delivery.state !== "pending") return { sent: false, delivery: target.delivery };
  if (!target.live) {
    const delivery = await recordDeliveryAttempt({ db, deliveryId, state: "failed", responseStatus: null, error: "the webhook was deleted or deactivated before this could be sent", counted: false });
    return { sent: false, delivery };
  }
  const { delivery, url } = target;
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  let responseStatus: number | null = null;
  let error: string | null = null;
  let secret = "";
  try {
    secret = target.openSecret();
    const headers = {
      "content-type": "application/json",
      "user-agent": "Goldset-Webhooks/1",
      ...signWebhook({ secret, eventId: delivery.eventId, body: delivery.body, timestamp: Math.floor(now().getTime() / 1000) }),
    };
    const reply = await postJson(new URL(url), headers, delivery.body, signal ? AbortSignal.any([timeout, signal]) : timeout, policy, SENDING_WEBHOOKS);
    responseStatus = reply.status;
    if (reply.status < 200 || reply.status > 299) error = `HTTP ${reply.status}: ${errorBodyExcerpt(reply.body, [secret])}`;
  } catch (failure) {
    error = timeout.aborted ? `no answer within ${WEBHOOK_TIMEOUT_MS / 1000} s` : failure instanceof Error ? failure.message : String(failure);
  }
  const ok = error === null;
  const updated = await recordDeliveryAttempt({ db, deliveryId, state: ok ? "succeeded" : lastAttempt ? "failed" : "pending", responseStatus, error, now: now() });
  return { sent: true, delivery: updated, ok };
}
