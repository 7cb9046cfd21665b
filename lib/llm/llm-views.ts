import type { AuthScheme, ResponseFormatMode } from "./client/chat-client";
import type { PromptDefinition } from "./prompts/prompt-template";
import type { StopReason } from "./runs/prelabel-store";

/**
 * What the LLM routes answer and the LLM page shows. None of these carries the API key: the
 * connection says only where the key comes from, and for a key a lead entered, a masked form of it.
 */

/**
 * The server's own key (GOLDSET_LLM_API_KEY) has no mask: it may serve several projects and
 * outlive any of them, so no lead or admin sees a single character of it.
 */
export type ApiKeyView = { source: "stored"; masked: string | null } | { source: "environment" | "none"; masked: null };

export interface ConnectionView {
  /** False until a lead saves the connection; the fields then show the environment's defaults. */
  saved: boolean;
  baseUrl: string;
  model: string;
  temperature: number;
  authScheme: AuthScheme;
  timeoutMs: number;
  maxConcurrency: number;
  requestsPerMinute: number | null;
  tokenBudget: number | null;
  apiKey: ApiKeyView;
  updatedAt: string | null;
}

export interface PromptVersionView {
  id: number;
  version: number;
  hash: string;
  definition: PromptDefinition;
  createdBy: string | null;
  createdAt: string;
}

export const RUN_STATUSES = ["queued", "running", "paused", "cancelled", "completed", "budget_exhausted", "failed"] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** Who executes a run: the app's server process or a `goldset prelabel` process. */
export interface RunOwner {
  kind: "server" | "cli";
  pid: number;
}

/** A run's progress over all its executions (a resumed run adds to what it did before). */
export interface RunProgress {
  total: number;
  done: number;
  invalid: number;
  failed: number;
  retried: number;
  tokens: number;
  inFlight: number;
  etaSeconds: number | null;
  stoppedReason: StopReason | null;
  owner: RunOwner | null;
  updatedAt: string | null;
}

export interface RunView {
  id: number;
  promptVersionId: number;
  promptVersion: number;
  model: string;
  status: RunStatus;
  itemLimit: number | null;
  /** For a retry run, the run whose invalid answers it asks about again. */
  retryOf: number | null;
  progress: RunProgress;
  error: string | null;
  createdBy: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface SuggestionSettingsView {
  llmSuggestions: boolean;
  modelSuggestions: boolean;
  anchoringShare: number;
}

export interface ResponseFormatChoice {
  value: ResponseFormatMode;
  title: string;
}

export const RESPONSE_FORMAT_CHOICES: ResponseFormatChoice[] = [
  { value: "json_schema", title: "JSON schema (strict structured output)" },
  { value: "json_object", title: "JSON object" },
  { value: "none", title: "Plain text (the prompt describes the shape)" },
];

export const EMPTY_RUN_PROGRESS: RunProgress = {
  total: 0,
  done: 0,
  invalid: 0,
  failed: 0,
  retried: 0,
  tokens: 0,
  inFlight: 0,
  etaSeconds: null,
  stoppedReason: null,
  owner: null,
  updatedAt: null,
};

/** One answer of a run that came back invalid (prose, a label outside the set, malformed JSON). */
export interface InvalidAnswerView {
  suggestionId: number;
  itemId: string;
  itemText: string;
  status: string;
  error: string | null;
  /** What the model said: the message content, or the whole response body when it has none. */
  rawAnswer: string;
  /** The item has since got a valid answer for the same prompt version. */
  answeredSince: boolean;
}
