import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/**
 * How a receiver knows a webhook came from this Goldset and is fresh (docs/decisions/0008): the
 * Stripe / Standard Webhooks scheme. Each attempt sends
 *
 *   Goldset-Webhook-Id:        the event's id (the same on every attempt and on a resend: dedupe on it)
 *   Goldset-Webhook-Timestamp: unix seconds when this attempt was signed
 *   Goldset-Webhook-Signature: v1=<hex HMAC-SHA256 under the webhook's secret of "<timestamp>.<body>">
 *
 * Signing the timestamp with the body lets a receiver refuse a captured request replayed later
 * (outside its tolerance) without keeping every id it has seen. Pure: no database, no I/O.
 */

export const WEBHOOK_ID_HEADER = "Goldset-Webhook-Id";
export const WEBHOOK_TIMESTAMP_HEADER = "Goldset-Webhook-Timestamp";
export const WEBHOOK_SIGNATURE_HEADER = "Goldset-Webhook-Signature";
/** How far a timestamp may be from the receiver's clock, either way. */
export const DEFAULT_TOLERANCE_SECONDS = 5 * 60;
const SIGNATURE_VERSION = "v1";

/** A new webhook secret: `whsec_` and 32 random bytes in base64url (shown to the lead once). */
export function generateWebhookSecret(): string {
  return `whsec_${randomBytes(32).toString("base64url")}`;
}

function hmacHex(secret: string, timestamp: number, body: string): string {
  return createHmac("sha256", secret).update(`${timestamp}.${body}`, "utf8").digest("hex");
}

/** The three headers for one attempt at sending `body`. */
export function signWebhook({ secret, eventId, body, timestamp }: { secret: string; eventId: string; body: string; timestamp: number }): Record<string, string> {
  return {
    [WEBHOOK_ID_HEADER]: eventId,
    [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
    [WEBHOOK_SIGNATURE_HEADER]: `${SIGNATURE_VERSION}=${hmacHex(secret, timestamp, body)}`,
  };
}

export type WebhookVerification = { ok: true } | { ok: false; reason: string };

/**
 * What a receiver does with a request: true only when one of the signature header's `v1=` values
 * (space-separated, so a sender may sign with two secrets while rotating) is the HMAC of
 * "<timestamp>.<body>" and the timestamp is within `toleranceSeconds` of `now` (unix seconds).
 * Compared in constant time, so a forger learns nothing from how long a refusal takes.
 */
export function verifyWebhook({
  secret,
  body,
  timestampHeader,
  signatureHeader,
  now = Math.floor(Date.now() / 1000),
  toleranceSeconds = DEFAULT_TOLERANCE_SECONDS,
}: {
  secret: string;
  body: string;
  timestampHeader: string | null | undefined;
  signatureHeader: string | null | undefined;
  now?: number;
  toleranceSeconds?: number;
}): WebhookVerification {
  if (!timestampHeader || !/^\d+$/.test(timestampHeader)) return { ok: false, reason: "missing or malformed timestamp" };
  const timestamp = Number(timestampHeader);
  if (Math.abs(now - timestamp) > toleranceSeconds) return { ok: false, reason: "timestamp outside the tolerance (a replay, or a clock far off)" };
  if (!signatureHeader) return { ok: false, reason: "missing signature" };
  const expected = Buffer.from(hmacHex(secret, timestamp, body), "hex");
  for (const part of signatureHeader.split(" ")) {
    const [version, value] = part.split("=", 2);
    if (version !== SIGNATURE_VERSION || !value || !/^[0-9a-f]+$/i.test(value)) continue;
    const given = Buffer.from(value, "hex");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "no signature matches" };
}
