import "server-only";
import { requestChatCompletion, type ChatEndpoint, type ChatMessage } from "@/lib/llm/client/chat-client";
import { ChatRequestError } from "@/lib/llm/client/chat-error";
import { parseAnswer } from "@/lib/llm/answers/parse-answer";
import type { PrelabelAnswer, PrelabelFailure } from "./prelabel-store";
import { promptAnswerSchema, type PromptVersion } from "@/lib/llm/prompts/prompt-template";
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
}

export type ItemOutcome =
  | { kind: "answered"; answer: PrelabelAnswer }
  | { kind: "failed"; failure: PrelabelFailure; error: ChatRequestError }
  | { kind: "cancelled" };

export async function askAboutItem(context: ItemRequestContext, itemId: string, messages: ChatMessage[]): Promise<ItemOutcome> {
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
  const labelNames = definition.labels.map((label) => label.name);
  const parsed = parseAnswer(completion.content, labelNames, definition.mode);
  return {
    kind: "answered",
    answer: {
      itemId,
      promptVersionId: context.promptVersion.id,
      suggestion: parsed.status === "ok" ? { labels: parsed.labels, confidence: parsed.confidence, rationale: parsed.rationale } : null,
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
