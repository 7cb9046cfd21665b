// What the embedding loop does after a round fails. A refusal the server will repeat (a failed
// cross-check, or a role that no longer allows embedding) stops the loop until the page is
// reloaded; anything else (a lapsed batch, a network error) is retried, waiting longer after each
// failure in a row so that a persistent fault does not become a hot loop against the server.
import { ApiError } from "@/components/ui/api-client";

export const FIRST_RETRY_MS = 10_000;
export const MAX_RETRY_MS = 5 * 60_000;

export type RoundFailure = { readonly stop: true; readonly message: string } | { readonly stop: false; readonly message: string; readonly retryInMs: number };

/** `failuresInARow` counts this one (1 for the first failure since a round last worked). */
export function afterFailedRound(error: unknown, failuresInARow: number): RoundFailure {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ApiError && (error.status === 401 || error.status === 403)) return { stop: true, message };
  return { stop: false, message, retryInMs: Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** Math.max(0, failuresInARow - 1)) };
}
