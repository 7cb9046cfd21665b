import "server-only";
import { requestChatCompletion, type ChatEndpoint, type ChatMessage } from "@/lib/llm/client/chat-client";
import { ChatRequestError } from "@/lib/llm/client/chat-error";
import { parseAnswer, type AnswerFailureStatus } from "@/lib/llm/answers/parse-answer";
import type { LabelSuggestion, PendingItem, PrelabelAnswer, PrelabelFailure, SpanSuggestion } from "./prelabel-store";
import { promptAnswerSchema, type PromptDefinition, type PromptVersion } from "@/lib/llm/prompts/prompt-template";
import { parseSpanAnswer, placeQuotedEntities } from "@/lib/spans/llm-span-answer";
import { withRetry, type RandomSource, type RetryPolicy } from "@/lib/llm/client/retry-policy";

/**
 * Asks the model about one item, with retries, and turns the outcome into the record to store:
 * an answer with full provenance (whether or not it parsed), a failure, or nothing when the run
 * was cancelled mid-request.
 */

export interface ItemRequestContext {
  runId: string;
  endpoint: ChatEndpoint;
  promptVersion: PromptVersion;
  retryPolicy: RetryPolicy;
  random: RandomSource;
  /** Aborted when the run is cancelled. */
  signal: AbortSignal;
  onRetry: (event: { error: ChatRequestError; attempt: number; delayMs: number }) => void;
  /** A spans prompt's placement rule: the project's overlap setting (off unless set). */
  allowOverlap?: boolean;
}

export type ItemOutcome =
  | { kind: "answered"; answer: PrelabelAnswer }
  | { kind: "failed"; failure: PrelabelFailure; error: ChatRequestError }
  | { kind: "cancelled" };

export async function askAboutItem(context: ItemRequestContext, item: PendingItem, messages: ChatMessage[]): Promise<ItemOutcome> {
  const { itemId } = item;
  const { definition } = context.promptVersion;
  const { generation } = definition;
  const answerSchema = promptAnswerSchema(definition);

  const outcome = await withRetry(
    () =>
      requestChatCompletion(context.endpoint, {
        model: generation.model,
        messages,
        temperature: generation.temperature,
        maxTokens: generation.maxTokens,
        responseFormat: generation.responseFormat,
        jsonSchema: answerSchema,
        signal: context.signal,
      }),
    context.retryPolicy,
    { signal: context.signal, random: context.random, onRetry: context.onRetry },
  );

  if (!outcome.ok) {
    if (outcome.error.kind === "cancelled") return { kind: "cancelled" };
    return {
      kind: "failed",
      error: outcome.error,
      failure: {
        itemId,
        promptVersionId: context.promptVersion.id,
        runId: context.runId,
        errorKind: outcome.error.kind,
        httpStatus: outcome.error.status,
        message: outcome.error.message,
        attempts: outcome.attempts,
        failedAt: new Date().toISOString(),
      },
    };
  }

  const completion = outcome.value;
  const parsed = suggestionOf(definition, completion.content, item.text, context.allowOverlap ?? false);
  return {
    kind: "answered",
    answer: {
      itemId,
      promptVersionId: context.promptVersion.id,
      suggestion: parsed.status === "ok" ? parsed.suggestion : null,
      provenance: {
        sourceKind: "llm",
        runId: context.runId,
        model: completion.model,
        requestedModel: generation.model,
        promptVersionId: context.promptVersion.id,
        promptHash: context.promptVersion.hash,
        parameters: { temperature: generation.temperature, maxTokens: generation.maxTokens, responseFormat: generation.responseFormat },
        rawResponse: completion.rawBody,
        rawContent: completion.content,
        parseStatus: parsed.status,
        parseError: parsed.status === "ok" ? null : parsed.error,
        finishReason: completion.finishReason,
        latencyMs: completion.latencyMs,
        usage: completion.usage,
        attempts: outcome.attempts,
        answeredAt: new Date().toISOString(),
      },
    },
  };
}

type ParsedSuggestion = { status: "ok"; suggestion: LabelSuggestion | SpanSuggestion } | { status: AnswerFailureStatus; error: string };

/**
 * The answer as a suggestion: item labels, or for a spans prompt the quoted entities placed in the
 * item text. A span answer that parses is valid even when some (or all) of its quotes cannot be
 * placed: those are what the model got wrong about this item, kept with the reason, not a reason
 * to ask again.
 */
function suggestionOf(definition: PromptDefinition, content: string, itemText: string, allowOverlap: boolean): ParsedSuggestion {
  const names = definition.labels.map((label) => label.name);
  if (definition.mode !== "spans") {
    const parsed = parseAnswer(content, names, definition.mode);
    if (parsed.status !== "ok") return parsed;
    return { status: "ok", suggestion: { labels: parsed.labels, confidence: parsed.confidence, rationale: parsed.rationale } };
  }
  const parsed = parseSpanAnswer(content, names);
  if (parsed.status !== "ok") return parsed;
  const { spans, unplaced } = placeQuotedEntities(itemText, parsed.entities, { allowOverlap });
  return {
    status: "ok",
    suggestion: {
      labels: [],
      confidence: null,
      rationale: null,
      spans,
      unplacedQuotes: unplaced.map(({ entity, message }) => ({ text: entity.text, label: entity.type, reason: message })),
    },
  };
}
