import "server-only";
import type { ResponseFormatMode, TokenUsage } from "@/lib/llm/client/chat-client";
import type { ChatErrorKind } from "@/lib/llm/client/chat-error";
import type { AnswerParseStatus } from "@/lib/llm/answers/parse-answer";
import type { Span } from "@/lib/spans/span-set";

/**
 * What the pre-labelling engine needs from storage. The app implements it with SQLite; the
 * in-memory implementation (in-memory-prelabel-store.ts) serves the tests and the benchmark.
 *
 * Claims. An item is pending for a prompt version when it has no valid answer for that version (an
 * invalid one, stored for audit, does not count). A run claims pending items before asking about
 * them, so it never asks twice about an item it has in flight, has given up on or got an invalid
 * answer for. Claims belong to one run id: claims held by any other run id are
 * stale by definition (that run crashed, or finished without answering), which is what makes a new
 * run after a crash continue where the old one stopped. Precondition, enforced by the app: at most
 * one run per prompt version is active at a time.
 */

export interface PendingItem {
  itemId: string;
  text: string;
}

export interface SuggestionProvenance {
  sourceKind: "llm";
  runId: string;
  /** The model the server says answered, else the one requested. */
  model: string;
  requestedModel: string;
  promptVersionId: string;
  promptHash: string;
  parameters: { temperature: number; maxTokens: number; responseFormat: ResponseFormatMode };
  /** The HTTP body of the answering response, redacted of the API key. */
  rawResponse: string;
  /** The model's message content, the text that was parsed. */
  rawContent: string;
  parseStatus: AnswerParseStatus;
  parseError: string | null;
  finishReason: string | null;
  /** Latency of the attempt that answered. */
  latencyMs: number;
  usage: TokenUsage | null;
  attempts: number;
  answeredAt: string;
}

/**
 * One valid answer per (item, prompt version). `suggestion` is null unless parseStatus is "ok": an
 * invalid answer is kept for audit, must never be shown as a suggestion, and leaves the item
 * pending for a later run.
 */
export interface PrelabelAnswer {
  itemId: string;
  promptVersionId: string;
  suggestion: LabelSuggestion | SpanSuggestion | null;
  provenance: SuggestionProvenance;
}

export interface LabelSuggestion {
  labels: string[];
  confidence: number;
  rationale: string;
}

/**
 * A span prompt's answer placed in the item text: the spans in code points, and the quotes that
 * could not be placed, each with why (stored beside the spans, never dropped silently).
 */
export interface SpanSuggestion {
  labels: [];
  confidence: null;
  rationale: null;
  spans: Span[];
  unplacedQuotes: { text: string; label: string; reason: string }[];
}

/** An item the run gave up on (no usable HTTP answer after retries). It stays pending for later runs. */
export interface PrelabelFailure {
  itemId: string;
  promptVersionId: string;
  runId: string;
  errorKind: ChatErrorKind;
  httpStatus: number | null;
  /** Redacted. */
  message: string;
  attempts: number;
  failedAt: string;
}

export type StopReason = "completed" | "paused" | "cancelled" | "budget" | "auth_failed" | "too_many_failures";

export interface PrelabelProgress {
  runId: string;
  promptVersionId: string;
  /** Items pending when the run started. */
  total: number;
  /** Items answered by this run (any parse status). */
  done: number;
  /** Of `done`, answers that failed validation and are stored without a suggestion. */
  invalid: number;
  /** Items given up on after retries; still pending for a later run. */
  failed: number;
  /** Retry attempts made (an item answered on its third attempt adds 2). */
  retried: number;
  /** Tokens used, as reported by the server. */
  tokens: number;
  inFlight: number;
  /** Null until the first item finishes, and once the run has stopped. */
  etaSeconds: number | null;
  /** Set once the run has stopped. */
  stoppedReason: StopReason | null;
}

export type StopRequest = "pause" | "cancel";

export interface PrelabelStore {
  countPendingItems(request: { promptVersionId: string }): Promise<number>;
  /** Atomically claims up to `limit` pending items not already claimed by this run, in a stable order. */
  claimPendingItems(request: { promptVersionId: string; runId: string; limit: number }): Promise<PendingItem[]>;
  /** Gives claims back, for items the run will not ask about after all (paused or cancelled). */
  releaseClaims(request: { promptVersionId: string; runId: string; itemIds: string[] }): Promise<void>;
  /**
   * Idempotent per (itemId, promptVersionId): if a valid answer exists, keeps it and returns
   * `{ stored: false }`. An invalid answer is stored, and the run keeps its claim on the item.
   */
  recordAnswer(answer: PrelabelAnswer): Promise<{ stored: boolean }>;
  recordFailure(failure: PrelabelFailure): Promise<void>;
  recordProgress(progress: PrelabelProgress): Promise<void>;
  /**
   * A stop requested from outside the process running the engine (another request, the CLI).
   * Polled before each request starts and every stopPollIntervalMs, so keep it a cheap read.
   */
  shouldStop(request: { runId: string }): Promise<StopRequest | null>;
}
