import { describe, expect, it } from "vitest";
import { generateWebhookSecret, signWebhook, verifyWebhook } from "./signature";

// Worked out with `printf '%s' '1700000000.{"a":1}' | openssl dgst -sha256 -hmac whsec_test`.
const SECRET = "whsec_test";
const BODY = '{"a":1}';
const T = 1_700_000_000;
const EXPECTED = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

describe("webhook signatures", () => {
  it("sign HMAC-SHA256 of '<timestamp>.<body>' as v1=<hex>, with the event id and timestamp headers", () => {
    expect(signWebhook({ secret: SECRET, eventId: "evt_1", body: BODY, timestamp: T })).toEqual({
      "Goldset-Webhook-Id": "evt_1",
      "Goldset-Webhook-Timestamp": "1700000000",
      "Goldset-Webhook-Signature": `v1=${EXPECTED}`,
    });
  });

  it("verify within the tolerance, and accept any one of several signatures (secret rotation)", () => {
    const verify = (signatureHeader: string, now: number) => verifyWebhook({ secret: SECRET, body: BODY, timestampHeader: String(T), signatureHeader, now });
    expect(verify(`v1=${EXPECTED}`, T + 299)).toEqual({ ok: true });
    expect(verify(`v1=${EXPECTED}`, T - 300)).toEqual({ ok: true });
    expect(verify(`v1=${"0".repeat(64)} v1=${EXPECTED}`, T)).toEqual({ ok: true });
  });

  it("refuse a replay: a correctly signed request whose timestamp is older than the tolerance", () => {
    expect(verifyWebhook({ secret: SECRET, body: BODY, timestampHeader: String(T), signatureHeader: `v1=${EXPECTED}`, now: T + 301 })).toEqual({
      ok: false,
      reason: "timestamp outside the tolerance (a replay, or a clock far off)",
    });
    // A replayer who moves the timestamp forward breaks the signature instead.
    expect(verifyWebhook({ secret: SECRET, body: BODY, timestampHeader: String(T + 600), signatureHeader: `v1=${EXPECTED}`, now: T + 601 }).ok).toBe(false);
    expect(verifyWebhook({ secret: SECRET, body: BODY, timestampHeader: String(T), signatureHeader: `v1=${EXPECTED}`, now: T + 1000, toleranceSeconds: 2000 }).ok).toBe(true);
  });

  it("refuse a tampered body, another secret, a missing or malformed header", () => {
    const base = { secret: SECRET, body: BODY, timestampHeader: String(T), signatureHeader: `v1=${EXPECTED}`, now: T };
    expect(verifyWebhook({ ...base, body: '{"a":2}' })).toEqual({ ok: false, reason: "no signature matches" });
    expect(verifyWebhook({ ...base, secret: "whsec_other" })).toEqual({ ok: false, reason: "no signature matches" });
    expect(verifyWebhook({ ...base, signatureHeader: `v0=${EXPECTED}` }).ok).toBe(false);
    expect(verifyWebhook({ ...base, signatureHeader: `v1=${EXPECTED.slice(2)}` }).ok).toBe(false);
    expect(verifyWebhook({ ...base, signatureHeader: null })).toEqual({ ok: false, reason: "missing signature" });
    expect(verifyWebhook({ ...base, timestampHeader: "soon" })).toEqual({ ok: false, reason: "missing or malformed timestamp" });
  });

  it("generate secrets as whsec_ and 32 random bytes in base64url", () => {
    const secret = generateWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(6), "base64url")).toHaveLength(32);
    expect(generateWebhookSecret()).not.toBe(secret);
  });
});
