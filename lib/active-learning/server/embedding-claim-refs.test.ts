import { describe, expect, it } from "vitest";
import { createHmac } from "node:crypto";
import { claimRef, deriveClaimRefKey, type ClaimRefFields } from "./embedding-claim-refs";

const KEY = deriveClaimRefKey("a server secret of the kind NEXTAUTH_SECRET holds");
const FIELDS: ClaimRefFields = { projectId: "p-1", modelId: "Xenova/all-MiniLM-L6-v2", userId: "u-1", itemId: 42, expiresAt: new Date(Date.UTC(2026, 0, 1, 10, 2)) };

describe("claimRef", () => {
  it("is 128 bits of base64url, the same for the same claimed item under the same key", () => {
    const ref = claimRef(KEY, FIELDS);
    expect(ref).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(claimRef(deriveClaimRefKey("a server secret of the kind NEXTAUTH_SECRET holds"), { ...FIELDS })).toBe(ref);
  });

  it("differs with each field, and under another secret", () => {
    const ref = claimRef(KEY, FIELDS);
    const variants: ClaimRefFields[] = [
      { ...FIELDS, projectId: "p-2" },
      { ...FIELDS, modelId: "other/encoder" },
      { ...FIELDS, userId: "u-2" },
      { ...FIELDS, itemId: 43 },
      { ...FIELDS, expiresAt: new Date(FIELDS.expiresAt.getTime() + 1) },
    ];
    const refs = variants.map((fields) => claimRef(KEY, fields));
    expect(new Set([ref, ...refs]).size).toBe(variants.length + 1);
    expect(claimRef(deriveClaimRefKey("another secret"), FIELDS)).not.toBe(ref);
  });

  it("keeps fields apart: moving characters between neighbouring fields gives another ref", () => {
    expect(claimRef(KEY, { ...FIELDS, projectId: "p-1u", userId: "-1" })).not.toBe(claimRef(KEY, FIELDS));
  });

  it("signs with a subkey, not with the secret itself", () => {
    const secret = "a server secret of the kind NEXTAUTH_SECRET holds";
    const message = JSON.stringify([FIELDS.projectId, FIELDS.modelId, FIELDS.userId, FIELDS.itemId, FIELDS.expiresAt.getTime()]);
    const underRootSecret = createHmac("sha256", secret).update(message).digest().subarray(0, 16).toString("base64url");
    expect(claimRef(KEY, FIELDS)).not.toBe(underRootSecret);
  });
});
