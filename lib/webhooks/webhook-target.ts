// Where a webhook may point: the outbound allow-list LLM endpoints obey (GOLDSET_LLM_ALLOWED_HOSTS,
// lib/llm/client/outbound-host-policy.ts). A lead types the URL, so without it the server would POST
// to its own loopback services or the cloud metadata address. Checked when the URL is saved (the
// lead hears at once) and again by every send, on the addresses the socket connects to (DNS may
// have changed since).
import "server-only";
import { isIP } from "node:net";
import { GoldsetError } from "@/lib/errors";
import { guardedLookup, OutboundHostRefusedError, refusalForLiteral } from "@/lib/llm/client/guarded-lookup";
import { normaliseHostName, portOf, type OutboundHostPolicy } from "@/lib/llm/client/outbound-host-policy";

/** What the policy's refusals name as refused. */
export const SENDING_WEBHOOKS = "webhooks";

/** Refuses (400, field `url`) a URL that is not http(s) or whose host the policy does not allow; a name that does not resolve passes (the send reports it). */
export async function assertWebhookTargetAllowed(url: string, policy: OutboundHostPolicy): Promise<void> {
  const parsed = new URL(url);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new GoldsetError("bad_request", "A webhook URL must start with http:// or https://.", [{ field: "url", message: "use http:// or https://" }]);
  }
  const refusal =
    isIP(normaliseHostName(parsed.hostname)) !== 0
      ? refusalForLiteral(policy, parsed, SENDING_WEBHOOKS)
      : await new Promise<string | null>((resolve) => {
          guardedLookup(policy, portOf(parsed), SENDING_WEBHOOKS)(parsed.hostname, { all: true }, (error) => resolve(error instanceof OutboundHostRefusedError ? error.message : null));
        });
  if (refusal !== null) throw new GoldsetError("bad_request", refusal, [{ field: "url", message: refusal }]);
}
