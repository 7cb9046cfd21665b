import "server-only";
import { authSecret } from "@/lib/auth/auth-secret";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { MIN_MASTER_SECRET_LENGTH } from "./secret-box";

/**
 * The secret API keys are sealed under (secret-box.ts): GOLDSET_SECRET when set, otherwise the
 * app's session-signing secret, so a demo can store a key without extra setup. Secret-box derives
 * its key with HKDF under its own label, so sharing the root secret does not let one use stand in
 * for the other. Changing whichever secret is in use makes stored keys unreadable: re-enter them.
 */
export function llmMasterSecret(): string {
  const configured = env().GOLDSET_SECRET;
  if (configured !== undefined) return configured;
  const fallback = authSecret();
  if (fallback.length < MIN_MASTER_SECRET_LENGTH) {
    throw new GoldsetError(
      "bad_request",
      `Storing an API key needs GOLDSET_SECRET (at least ${MIN_MASTER_SECRET_LENGTH} characters; \`openssl rand -base64 32\`) in the server's environment, ` +
        "or give the key to the server as GOLDSET_LLM_API_KEY instead.",
    );
  }
  return fallback;
}
