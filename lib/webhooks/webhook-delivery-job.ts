// The job that sends one webhook delivery (docs/decisions/0008). A failed attempt (no answer, a
// refused host, any status outside 2xx) is recorded on the delivery and thrown, so the job runner
// queues the next attempt on this kind's schedule; after the sixth the delivery is failed.
import "server-only";
import { WEBHOOK_DELIVERY_JOB, WEBHOOK_MAX_ATTEMPTS } from "@/db/queries/webhook-outbox";
import type { JobKind } from "@/lib/jobs/job-kind";
import { outboundHostPolicy } from "@/lib/llm/client/guarded-lookup";
import type { OutboundHostPolicy } from "@/lib/llm/client/outbound-host-policy";
import { webhookMasterSecret } from "./webhook-master-secret";
import { sendWebhookDelivery } from "./send-webhook-delivery";

/** Waits after failed attempt 1, 2, …: a receiver down for a deploy gets minutes, one down for the night hours. */
export const WEBHOOK_RETRY_DELAYS_MS = [30_000, 2 * 60_000, 10 * 60_000, 60 * 60_000, 6 * 60 * 60_000] as const;

export function webhookRetryDelayMs(attempts: number): number {
  return WEBHOOK_RETRY_DELAYS_MS[Math.min(attempts, WEBHOOK_RETRY_DELAYS_MS.length) - 1] ?? WEBHOOK_RETRY_DELAYS_MS[0];
}

type DeliveryPayload = { deliveryId: number };

/** The kind, with the allow-list it sends under and the secret it opens signing secrets with (tests pass their own). */
export function webhookDeliveryJobKind({
  policy = outboundHostPolicy,
  masterSecret = webhookMasterSecret,
}: { policy?: () => OutboundHostPolicy; masterSecret?: () => string } = {}): JobKind<DeliveryPayload, { state: string; responseStatus: number | null } | null> {
  return {
    kind: WEBHOOK_DELIVERY_JOB,
    maxAttempts: WEBHOOK_MAX_ATTEMPTS,
    retryDelayMs: webhookRetryDelayMs,
    run: async ({ db, job, payload, signal }) => {
      const outcome = await sendWebhookDelivery({
        db,
        deliveryId: payload.deliveryId,
        policy: policy(),
        masterSecret,
        lastAttempt: job.attempts >= job.maxAttempts,
        signal,
      });
      if (outcome.sent && !outcome.ok) throw new Error(`delivery ${payload.deliveryId}: ${outcome.delivery.error}`);
      return outcome.delivery && { state: outcome.delivery.state, responseStatus: outcome.delivery.responseStatus };
    },
  };
}

export const webhookDeliveryJob = webhookDeliveryJobKind();
