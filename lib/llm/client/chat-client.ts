import "server-only";
import type { IncomingHttpHeaders } from "node:http";
import { ChatRequestError, type ChatErrorKind } from "./chat-error";
import { OutboundHostRefusedError, outboundHostPolicy } from "./guarded-lookup";
import { headerValue, postJson, ReplyTooLargeError, type HttpReply } from "./http-post";
import type { OutboundHostPolicy } from "./outbound-host-policy";
import { errorBodyExcerpt } from "./error-excerpt";
import { redactSecrets } from "@/lib/llm/secrets/redact-secrets";
import { parseRetryAfter } from "./retry-policy";

/**
 * A minimal client for OpenAI-compatible `POST {baseUrl}/chat/completions` (OpenAI, Azure OpenAI,
 * vLLM, Ollama, llama.cpp server, LM Studio). One call, one HTTP request: retries live in
 * retry-policy.ts. Everything it returns or throws is redacted of the API key.
 */

export type ChatRole = "system" | "user" | "assistant";

export interface ChatMessage {
  role: ChatRole;
  content: string;
}

/**
 * How the answer's shape is requested. `json_schema` (strict structured output) is best where the
 * server supports it; `json_object` and `none` are for servers that reject it, and then the prompt
 * alone describes the shape.
 */
export type ResponseFormatMode = "json_schema" | "json_object" | "none";

/** `api-key` is Azure OpenAI's key header; everything else takes `Authorization: Bearer`. An empty key sends neither. */
export type AuthScheme = "bearer" | "api-key";

export interface ChatEndpoint {
  /** Up to and including the API version segment, e.g. `http://127.0.0.1:8000/v1`. A query string (Azure's api-version) is kept. */
  baseUrl: string;
  apiKey: string;
  authScheme: AuthScheme;
  timeoutMs: number;
  /** Which inward hosts may be contacted; GOLDSET_LLM_ALLOWED_HOSTS when absent. */
  allowedHosts?: OutboundHostPolicy;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  maxTokens: number;
  responseFormat: ResponseFormatMode;
  /** Used only when responseFormat is `json_schema`. */
  jsonSchema: { name: string; schema: Record<string, unknown> };
  /** Aborting it cancels the request (kind `cancelled`), distinct from the timeout. */
  signal?: AbortSignal;
}

export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

export interface ChatCompletionResult {
  content: string;
  /** Null when the server did not report usage (some local servers omit it). */
  usage: TokenUsage | null;
  latencyMs: number;
  /** The HTTP body as received, redacted. */
  rawBody: string;
  /** The model the server says answered (often more specific than the one requested). */
  model: string;
  finishReason: string | null;
}

export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  url.pathname = `${url.pathname.replace(/\/+$/, "")}/chat/completions`;
  return url.toString();
}

function responseFormatField(request: ChatCompletionRequest): Record<string, unknown> | undefined {
  switch (request.responseFormat) {
    case "json_schema":
      return { type: "json_schema", json_schema: { name: request.jsonSchema.name, strict: true, schema: request.jsonSchema.schema } };
    case "json_object":
      return { type: "json_object" };
    case "none":
      return undefined;
  }
}

function authHeaders(endpoint: ChatEndpoint): Record<string, string> {
  if (endpoint.apiKey === "") return {};
  return endpoint.authScheme === "api-key" ? { "api-key": endpoint.apiKey } : { authorization: `Bearer ${endpoint.apiKey}` };
}

function kindForStatus(status: number): ChatErrorKind {
  if (status === 429) return "rate_limited";
  if (status === 401 || status === 403) return "auth";
  if (status === 408 || status >= 500) return "server_error";
  return "bad_request";
}

function retryAfterFrom(headers: IncomingHttpHeaders): number | null {
  // OpenAI sends a millisecond variant next to the standard header; it is the more precise one.
  const precise = headerValue(headers, "retry-after-ms");
  if (precise !== null && /^\d+(\.\d+)?$/.test(precise.trim())) return Math.ceil(Number(precise));
  return parseRetryAfter(headerValue(headers, "retry-after"));
}

function readUsage(value: unknown): TokenUsage | null {
  if (typeof value !== "object" || value === null) return null;
  const usage = value as Record<string, unknown>;
  const prompt = usage.prompt_tokens;
  const completion = usage.completion_tokens;
  if (typeof prompt !== "number" || typeof completion !== "number") return null;
  const total = typeof usage.total_tokens === "number" ? usage.total_tokens : prompt + completion;
  return { promptTokens: prompt, completionTokens: completion, totalTokens: total };
}

interface ParsedCompletion {
  content: string;
  model: string | null;
  finishReason: string | null;
  usage: TokenUsage | null;
}

function readCompletion(body: string): ParsedCompletion | null {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return null;
  }
  if (typeof json !== "object" || json === null) return null;
  const completion = json as Record<string, unknown>;
  const choices = completion.choices;
  if (!Array.isArray(choices) || choices.length === 0) return null;
  const first: unknown = choices[0];
  if (typeof first !== "object" || first === null) return null;
  const choice = first as Record<string, unknown>;
  const message = choice.message as Record<string, unknown> | undefined;
  if (typeof message !== "object" || message === null) return null;
  // A refusal arrives with content null; it then fails answer parsing and is kept in the raw body.
  const content = typeof message.content === "string" ? message.content : "";
  return {
    content,
    model: typeof completion.model === "string" ? completion.model : null,
    finishReason: typeof choice.finish_reason === "string" ? choice.finish_reason : null,
    usage: readUsage(completion.usage),
  };
}

/**
 * Sends one chat completion request. Throws ChatRequestError for every failure; its message names
 * the status and an excerpt of the server's answer so a lead can act on it, never the key.
 */
export async function requestChatCompletion(endpoint: ChatEndpoint, request: ChatCompletionRequest): Promise<ChatCompletionResult> {
  const secrets = [endpoint.apiKey];
  const redact = (text: string) => redactSecrets(text, secrets);
  const url = chatCompletionsUrl(endpoint.baseUrl);
  const allowedHosts = endpoint.allowedHosts ?? outboundHostPolicy();

  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, endpoint.timeoutMs);
  const onCallerAbort = () => controller.abort();
  if (request.signal?.aborted) controller.abort();
  request.signal?.addEventListener("abort", onCallerAbort, { once: true });

  const failure = (thrown: unknown): ChatRequestError => {
    if (timedOut) return new ChatRequestError("timeout", `No complete answer from ${url} within ${endpoint.timeoutMs} ms`);
    if (request.signal?.aborted) return new ChatRequestError("cancelled", "Request cancelled");
    if (thrown instanceof OutboundHostRefusedError) return new ChatRequestError("refused_host", thrown.message);
    if (thrown instanceof ReplyTooLargeError) return new ChatRequestError("invalid_response", `${url} answered, but ${thrown.message}: not a chat.completion`);
    const detail = thrown instanceof Error ? `${thrown.message}${thrown.cause instanceof Error ? ` (${thrown.cause.message})` : ""}` : String(thrown);
    return new ChatRequestError("network", redact(`Could not reach ${url}: ${detail}`));
  };

  const body: Record<string, unknown> = {
    model: request.model,
    messages: request.messages,
    temperature: request.temperature,
    max_tokens: request.maxTokens,
  };
  const responseFormat = responseFormatField(request);
  if (responseFormat !== undefined) body.response_format = responseFormat;

  const startedAt = performance.now();
  try {
    let reply: HttpReply;
    try {
      reply = await postJson(
        new URL(url),
        { "content-type": "application/json", accept: "application/json", ...authHeaders(endpoint) },
        JSON.stringify(body),
        controller.signal,
        allowedHosts,
      );
    } catch (thrown) {
      throw failure(thrown);
    }
    const latencyMs = Math.round(performance.now() - startedAt);
    const text = reply.body;

    if (reply.status < 200 || reply.status > 299) {
      const kind = kindForStatus(reply.status);
      const excerpt = errorBodyExcerpt(text, secrets);
      throw new ChatRequestError(kind, `${url} answered HTTP ${reply.status}: ${excerpt}`, {
        status: reply.status,
        retryAfterMs: retryAfterFrom(reply.headers),
      });
    }

    const completion = readCompletion(text);
    if (completion === null) {
      throw new ChatRequestError(
        "invalid_response",
        `${url} answered HTTP ${reply.status} but not with a chat.completion (check the base URL): ${errorBodyExcerpt(text, secrets)}`,
        { status: reply.status },
      );
    }
    return {
      content: redact(completion.content),
      usage: completion.usage,
      latencyMs,
      rawBody: redact(text),
      model: redact(completion.model ?? request.model),
      finishReason: completion.finishReason,
    };
  } finally {
    clearTimeout(timer);
    request.signal?.removeEventListener("abort", onCallerAbort);
  }
}
