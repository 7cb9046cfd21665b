import "server-only";
import type { RunStatus } from "@/lib/llm/llm-views";
import type { StopReason } from "./prelabel-store";

/** How an engine stop reads as a stored run status, and what the lead is told about a failure. */

export function statusForStop(reason: StopReason): RunStatus {
  switch (reason) {
    case "completed":
      return "completed";
    case "paused":
      return "paused";
    case "cancelled":
      return "cancelled";
    case "budget":
      return "budget_exhausted";
    case "auth_failed":
    case "too_many_failures":
      return "failed";
  }
}

/** `lastProblem` is the engine's last (already redacted) warning, e.g. the error an item failed with. */
export function errorForStop(reason: StopReason, lastProblem: string | null): string | null {
  const detail = lastProblem === null ? "" : ` Last error: ${lastProblem}`;
  switch (reason) {
    case "auth_failed":
      return `The endpoint refused the API key: check the key and the auth scheme on the LLM page.${detail}`;
    case "too_many_failures":
      return `Stopped after too many items failed in a row: check the base URL, the model name and the server.${detail}`;
    case "budget":
      return "The token budget is used up: raise it on the LLM page and start a new run to continue.";
    default:
      return null;
  }
}
