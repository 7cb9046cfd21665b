import "server-only";
import { REDACTED, redactSecrets } from "@/lib/llm/secrets/redact-secrets";

/**
 * What of an endpoint's error body may be kept: it lands in the run log and in
 * `suggestions.error`, which every lead reads, and the endpoint is whatever a member typed. A
 * short excerpt on one line is enough to act on ("model not found", "quota exceeded") and too
 * little to smuggle a page of an internal service out; credentials are redacted before cutting,
 * so a cut cannot leave half a key behind.
 */

export const ERROR_EXCERPT_CHARS = 200;

/** `"api_key": "…"`, `password=…` and the like, named as such by whoever echoed them. */
const NAMED_CREDENTIAL = /(["']?(?:api[-_]?key|authorization|x-api-key|access[-_]?token|token|password|secret)["']?\s*[:=]\s*)(?:(?:bearer|basic)\s+)?("[^"]*"|'[^']*'|[^\s,;&}]+)/gi;

/** Provider key shapes (OpenAI `sk-…`, Anthropic `sk-ant-…`, Hugging Face `hf_…`, GitHub `ghp_…`). */
const KEY_SHAPED = /\b(?:sk-[A-Za-z0-9_-]{8,}|hf_[A-Za-z0-9]{8,}|gh[pousr]_[A-Za-z0-9]{8,})/g;

export function errorBodyExcerpt(body: string, secrets: readonly string[]): string {
  const redacted = redactSecrets(body, secrets)
    .replace(NAMED_CREDENTIAL, (_match, name: string) => `${name}${REDACTED}`)
    .replace(KEY_SHAPED, REDACTED);
  // Control characters and newlines would let a body forge extra lines in a log.
  const oneLine = redacted.replace(/[\u0000-\u001f\u007f-\u009f\s]+/g, " ").trim();
  if (oneLine === "") return "(empty body)";
  return oneLine.length <= ERROR_EXCERPT_CHARS ? oneLine : `${oneLine.slice(0, ERROR_EXCERPT_CHARS)}… (${oneLine.length} characters)`;
}
