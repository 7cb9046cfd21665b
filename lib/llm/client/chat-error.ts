import "server-only";

/**
 * The one error type the chat client throws. `kind` tells the retry policy and the run engine what
 * to do; the message is always redacted (see redact-secrets.ts) so it is safe to log and store.
 */

export type ChatErrorKind =
  | "rate_limited"
  | "server_error"
  | "timeout"
  | "bad_request"
  | "auth"
  | "network"
  /** GOLDSET_LLM_ALLOWED_HOSTS does not allow the host; nothing was sent. */
  | "refused_host"
  /** The server answered 2xx but the body is not a chat.completion. */
  | "invalid_response"
  /** The caller aborted the request (a cancelled run); never retried, never recorded as a failure. */
  | "cancelled";

export class ChatRequestError extends Error {
  readonly kind: ChatErrorKind;
  /** HTTP status when the server answered, else null. */
  readonly status: number | null;
  /** Server-requested wait before the next request (Retry-After), else null. */
  readonly retryAfterMs: number | null;

  constructor(kind: ChatErrorKind, message: string, options: { status?: number | null; retryAfterMs?: number | null } = {}) {
    super(message);
    this.name = "ChatRequestError";
    this.kind = kind;
    this.status = options.status ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}
