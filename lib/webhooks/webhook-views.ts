// What the webhook routes answer: dates as ISO strings, and of a delivery everything but its body.
import type { WebhookDelivery, WebhookView } from "@/db/queries/webhooks";
import type { WebhookEvent } from "@/db/schema";

export interface WebhookJson {
  id: number;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface WebhookDeliveryJson {
  id: number;
  webhookId: number;
  event: WebhookEvent;
  eventId: string;
  state: WebhookDelivery["state"];
  attempts: number;
  responseStatus: number | null;
  error: string | null;
  resendOf: number | null;
  createdAt: string;
  lastAttemptAt: string | null;
  deliveredAt: string | null;
}

export function webhookJson(webhook: WebhookView): WebhookJson {
  return { ...webhook, createdAt: webhook.createdAt.toISOString(), updatedAt: webhook.updatedAt.toISOString() };
}

export function deliveryJson(d: WebhookDelivery): WebhookDeliveryJson {
  return {
    id: d.id,
    webhookId: d.webhookId,
    event: d.event,
    eventId: d.eventId,
    state: d.state,
    attempts: d.attempts,
    responseStatus: d.responseStatus,
    error: d.error,
    resendOf: d.resendOf,
    createdAt: d.createdAt.toISOString(),
    lastAttemptAt: d.lastAttemptAt?.toISOString() ?? null,
    deliveredAt: d.deliveredAt?.toISOString() ?? null,
  };
}
