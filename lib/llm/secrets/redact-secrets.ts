import "server-only";

/**
 * Removes secrets from text before it leaves the LLM client: error messages, log lines and the raw
 * response bodies kept as provenance. A server may echo the request (headers included) back in an
 * error body, so every string built from a response passes through here.
 */

export const REDACTED = "[redacted]";

/** Keys this short are placeholders ("none", "x") used by local servers; redacting them would mangle ordinary text. */
const MIN_REDACTABLE_LENGTH = 4;

const BEARER_TOKEN = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/gi;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The forms a secret takes when a server echoes it back: verbatim, JSON-escaped, URL-encoded. */
function encodedForms(secret: string): string[] {
  const forms = new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]);
  return [...forms].sort((a, b) => b.length - a.length);
}

export function redactSecrets(text: string, secrets: readonly string[]): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret.length < MIN_REDACTABLE_LENGTH) continue;
    for (const form of encodedForms(secret)) {
      redacted = redacted.replace(new RegExp(escapeRegExp(form), "g"), REDACTED);
    }
  }
  return redacted.replace(BEARER_TOKEN, `$1 ${REDACTED}`);
}
