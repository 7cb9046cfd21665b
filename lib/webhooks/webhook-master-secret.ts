import "server-only";
import { GoldsetError } from "@/lib/errors";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import { MIN_MASTER_SECRET_LENGTH } from "@/lib/llm/secrets/secret-box";

/**
 * The secret webhook signing secrets are sealed under: the one LLM keys use (GOLDSET_SECRET, or the
 * session secret when that is long enough), refused with a message about webhooks when there is none.
 */
export function webhookMasterSecret(): string {
  try {
    return llmMasterSecret();
  } catch (error) {
    if (!(error instanceof GoldsetError)) throw error;
    throw new GoldsetError(
      "bad_request",
      `A webhook's signing secret is stored sealed under GOLDSET_SECRET: set it (at least ${MIN_MASTER_SECRET_LENGTH} characters; \`openssl rand -base64 32\`) in the server's environment, then create the webhook.`,
    );
  }
}
