// What a browser gets instead of item ids when it claims a batch to embed (db/queries/embedding-claims.ts).
// Ids would give the cross-checks away: real work is handed out oldest first, so the ids at the
// frontier of un-embedded items are work and the lower ones are checks. A ref is an HMAC over the
// project, the model, the user, the item and the claim's expiry: it differs per user and per
// claim, says nothing about the item without the server's key, and the server maps it back by
// recomputing the refs of the items the user holds, so nothing new is stored.
import "server-only";
import { createHmac, createSecretKey, hkdfSync, type KeyObject } from "node:crypto";
import { authSecret } from "@/lib/auth/auth-secret";

const HKDF_SALT = "goldset/embedding-claim-refs";
const HKDF_INFO = "goldset/embedding-claim-ref/v1";
const KEY_BYTES = 32;
/** 128 bits: no browser guesses another item's ref; 22 base64url characters on the wire. */
const REF_BYTES = 16;

/** Longest ref the post route accepts: room for a longer encoding later, and a bound on what an error echoes. */
export const MAX_CLAIM_REF_LENGTH = 64;

export type ClaimRefFields = { projectId: string; modelId: string; userId: string; itemId: number; expiresAt: Date };

/** The subkey refs are signed with, derived with HKDF under its own label so it stands in for no other use of the secret. */
export function deriveClaimRefKey(rootSecret: string): KeyObject {
  return createSecretKey(Buffer.from(hkdfSync("sha256", rootSecret, HKDF_SALT, HKDF_INFO, KEY_BYTES)));
}

let cached: { secret: string; key: KeyObject } | undefined;

/**
 * The server's ref key, from the app's session-signing secret (always present: NEXTAUTH_SECRET or
 * the demo's generated one). Changing that secret only invalidates batches claimed before: their
 * posts are refused and the browser claims again.
 */
export function claimRefKey(): KeyObject {
  const secret = authSecret();
  if (cached?.secret !== secret) cached = { secret, key: deriveClaimRefKey(secret) };
  return cached.key;
}

/** The ref of one claimed item, base64url. */
export function claimRef(key: KeyObject, { projectId, modelId, userId, itemId, expiresAt }: ClaimRefFields): string {
  const message = JSON.stringify([projectId, modelId, userId, itemId, expiresAt.getTime()]);
  return createHmac("sha256", key).update(message, "utf8").digest().subarray(0, REF_BYTES).toString("base64url");
}
