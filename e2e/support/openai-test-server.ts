import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";

/**
 * A scripted OpenAI-compatible server on loopback, for the LLM client's tests, the Playwright
 * specs and the pre-labelling benchmark. It speaks POST /v1/chat/completions and GET /v1/models.
 *
 * By default it answers every item with a label derived from the item's text (see
 * `spamOrHamAnswer`); scripts make chosen calls fail, hang or answer badly. It records what it saw
 * (concurrency, requests per item, Authorization headers, timestamps) so tests can check the
 * client's behaviour from the server's side.
 *
 * Standalone: `npx tsx e2e/support/openai-test-server.ts --port 4010 [--delay-ms 50]
 * [--max-concurrency 16] [--api-key KEY]`.
 */

export interface ScriptedAnswer {
  labels: string[];
  confidence?: number;
  rationale?: string;
}

export interface ReceivedChatRequest {
  itemText: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
}

export type ScriptedReply =
  /** The default answer for the item, optionally late. */
  | { kind: "answer"; delayMs?: number }
  | ({ kind: "labels"; delayMs?: number } & ScriptedAnswer)
  /** Verbatim message content: malformed JSON, prose, anything. */
  | { kind: "content"; content: string | ((request: ReceivedChatRequest) => string); delayMs?: number }
  /** An HTTP error. With `echoRequest`, the body quotes the request headers back, as some proxies do. */
  | { kind: "status"; status: number; retryAfter?: string; body?: string; echoRequest?: boolean; delayMs?: number }
  /** A 200 whose body is not a chat.completion. */
  | { kind: "invalid_body"; body: string; delayMs?: number }
  /** Never answers; only the client giving up (or stop()) ends it. */
  | { kind: "hang" };

export interface ScriptRule {
  /** Matches requests whose item text contains this string or matches this pattern; omitted, any request. */
  item?: string | RegExp;
  /** Consumed one per matching request, in order; once used up the rule no longer applies. */
  replies: ScriptedReply[];
}

export interface OpenAITestServerOptions {
  host?: string;
  port?: number;
  /** Delay before every reply that does not set its own. */
  delayMs?: number;
  /** Requests beyond this many in flight get 429 with Retry-After, like a saturated provider. */
  maxConcurrency?: number | null;
  overloadRetryAfterSeconds?: number;
  /** When set, requests without `Authorization: Bearer <apiKey>` (or `api-key: <apiKey>`) get 401. */
  apiKey?: string | null;
  models?: string[];
  /** The model name echoed in answers; real providers often add a version suffix. */
  echoModel?: (requestedModel: string) => string;
  answer?: (itemText: string) => ScriptedAnswer;
  extractItemText?: (messages: unknown[]) => string | null;
}

export interface RecordedRequest {
  sequence: number;
  itemText: string | null;
  authorization: string | null;
  body: Record<string, unknown>;
  /** performance.now() in the server's process. */
  receivedAtMs: number;
  /** When the reply was written; null if none was (hang, client gave up). */
  answeredAtMs: number | null;
  status: number | null;
  reply: ScriptedReply["kind"] | "overloaded";
  /** The client disconnected before the reply. */
  aborted: boolean;
}

export class TestServerStats {
  readonly requests: RecordedRequest[] = [];
  inFlight = 0;
  maxInFlight = 0;
  overloaded = 0;

  requestsFor(itemText: string): RecordedRequest[] {
    return this.requests.filter((request) => request.itemText === itemText);
  }

  get requestsPerItem(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const request of this.requests) {
      if (request.itemText !== null) counts.set(request.itemText, (counts.get(request.itemText) ?? 0) + 1);
    }
    return counts;
  }

  get authorizationHeaders(): string[] {
    return this.requests.flatMap((request) => (request.authorization === null ? [] : [request.authorization]));
  }

  get aborted(): number {
    return this.requests.filter((request) => request.aborted).length;
  }
}

export interface OpenAITestServer {
  /** Base URL including /v1, as a connection's baseUrl. */
  url: string;
  stats: TestServerStats;
  script(rule: ScriptRule): void;
  stop(): Promise<void>;
}

/** The default rule: "free" or "win" as a word makes spam, anything else ham. */
export function spamOrHamAnswer(itemText: string): ScriptedAnswer {
  const spam = /\b(free|win)\b/i.test(itemText);
  return { labels: [spam ? "spam" : "ham"], confidence: spam ? 0.9 : 0.8, rationale: spam ? "Promises a prize." : "Ordinary message." };
}

const ITEM_BLOCK = /<(item-[0-9a-f]{12})>\n([\s\S]*?)\n<\/\1>/;

function messageText(message: unknown): string {
  if (typeof message !== "object" || message === null) return "";
  const content = (message as { content?: unknown }).content;
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === "object" && part !== null && typeof part.text === "string" ? part.text : "")).join("");
  }
  return "";
}

/** The item is the delimited block of the last user message (prompt-template.ts), else that whole message. */
export function extractDelimitedItemText(messages: unknown[]): string | null {
  const lastUser = [...messages].reverse().find((message) => (message as { role?: unknown } | null)?.role === "user");
  if (lastUser === undefined) return null;
  const text = messageText(lastUser);
  return ITEM_BLOCK.exec(text)?.[2] ?? text;
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

function promptChars(messages: unknown[]): number {
  return messages.reduce<number>((sum, message) => sum + messageText(message).length, 0);
}

export async function startOpenAITestServer(options: OpenAITestServerOptions = {}): Promise<OpenAITestServer> {
  const stats = new TestServerStats();
  const rules: ScriptRule[] = [];
  const answer = options.answer ?? spamOrHamAnswer;
  const extractItemText = options.extractItemText ?? extractDelimitedItemText;
  const echoModel = options.echoModel ?? ((model: string) => model);
  const models = options.models ?? ["test-model"];
  const defaultDelayMs = options.delayMs ?? 0;
  let completionCounter = 0;

  const nextReply = (itemText: string | null): ScriptedReply => {
    for (const rule of rules) {
      if (rule.replies.length === 0) continue;
      const matches =
        rule.item === undefined ||
        (itemText !== null && (typeof rule.item === "string" ? itemText.includes(rule.item) : rule.item.test(itemText)));
      if (matches) return rule.replies.shift() as ScriptedReply;
    }
    return { kind: "answer" };
  };

  const isAuthorized = (request: IncomingMessage): boolean => {
    if (options.apiKey === undefined || options.apiKey === null) return true;
    return request.headers.authorization === `Bearer ${options.apiKey}` || request.headers["api-key"] === options.apiKey;
  };

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { "content-type": "application/json", ...headers });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  };

  const completionBody = (model: string, content: string, messages: unknown[]) => {
    const promptTokens = Math.ceil(promptChars(messages) / 4);
    const completionTokens = Math.ceil(content.length / 4);
    completionCounter++;
    return {
      id: `chatcmpl-test-${completionCounter}`,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: echoModel(model),
      choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
    };
  };

  const handleChat = async (request: IncomingMessage, response: ServerResponse) => {
    const receivedAtMs = performance.now();
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let settled = false;
    // Counts the request out of `inFlight` exactly once: when the reply starts or the client leaves.
    const settle = () => {
      if (settled) return false;
      settled = true;
      stats.inFlight--;
      return true;
    };
    let record: RecordedRequest | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    response.on("close", () => {
      if (timer !== null) clearTimeout(timer);
      if (settle() && record !== null) record.aborted = true;
    });

    const text = await readBody(request);
    let body: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null) throw new Error("not an object");
      body = parsed as Record<string, unknown>;
    } catch {
      settle();
      sendJson(response, 400, { error: { message: "The request body is not a JSON object", type: "invalid_request_error" } });
      return;
    }
    const messages = Array.isArray(body.messages) ? body.messages : [];
    const itemText = extractItemText(messages);
    const authorization = request.headers.authorization ?? (request.headers["api-key"] as string | undefined) ?? null;
    const recorded: RecordedRequest = {
      sequence: stats.requests.length,
      itemText,
      authorization,
      body,
      receivedAtMs,
      answeredAtMs: null,
      status: null,
      reply: "answer",
      aborted: false,
    };
    record = recorded;
    stats.requests.push(recorded);

    const reply = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      if (!settle()) return;
      recorded.answeredAtMs = performance.now();
      recorded.status = status;
      sendJson(response, status, payload, headers);
    };

    if (options.maxConcurrency != null && stats.inFlight > options.maxConcurrency) {
      stats.overloaded++;
      recorded.reply = "overloaded";
      const retryAfter = String(options.overloadRetryAfterSeconds ?? 1);
      reply(429, { error: { message: "Too many concurrent requests", type: "rate_limit_error" } }, { "retry-after": retryAfter });
      return;
    }
    if (!isAuthorized(request)) {
      reply(401, { error: { message: "Incorrect API key provided", type: "invalid_request_error", code: "invalid_api_key" } });
      return;
    }
    if (typeof body.model !== "string" || messages.length === 0) {
      reply(400, { error: { message: "'model' and 'messages' are required", type: "invalid_request_error" } });
      return;
    }

    const scripted = nextReply(itemText);
    recorded.reply = scripted.kind;
    if (scripted.kind === "hang") return;

    const model = body.model;
    const received: ReceivedChatRequest = { itemText, authorization, body };
    const send = () => {
      switch (scripted.kind) {
        case "answer":
        case "labels": {
          const chosen = scripted.kind === "labels" ? scripted : answer(itemText ?? "");
          const content = JSON.stringify({ rationale: chosen.rationale ?? "", labels: chosen.labels, confidence: chosen.confidence ?? 0.5 });
          reply(200, completionBody(model, content, messages));
          return;
        }
        case "content": {
          const content = typeof scripted.content === "string" ? scripted.content : scripted.content(received);
          reply(200, completionBody(model, content, messages));
          return;
        }
        case "invalid_body":
          reply(200, scripted.body);
          return;
        case "status": {
          const message = scripted.echoRequest
            ? `Request rejected; headers received: ${JSON.stringify(request.headers)}`
            : `Scripted HTTP ${scripted.status}`;
          const payload = scripted.body ?? { error: { message, type: "server_error" } };
          reply(scripted.status, payload, scripted.retryAfter === undefined ? {} : { "retry-after": scripted.retryAfter });
          return;
        }
      }
    };
    const delayMs = scripted.delayMs ?? defaultDelayMs;
    if (delayMs > 0) timer = setTimeout(send, delayMs);
    else send();
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? "").split("?")[0];
    if (request.method === "POST" && path === "/v1/chat/completions") {
      handleChat(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, { error: { message: String(error), type: "server_error" } });
      });
      return;
    }
    if (request.method === "GET" && path === "/v1/models") {
      const created = Math.floor(Date.now() / 1000);
      sendJson(response, 200, { object: "list", data: models.map((id) => ({ id, object: "model", created, owned_by: "goldset-test" })) });
      return;
    }
    sendJson(response, 404, { error: { message: `No route for ${request.method} ${path}`, type: "invalid_request_error" } });
  });
  // Keep-alive sockets would otherwise keep stop() waiting for their idle timeout.
  server.keepAliveTimeout = 5_000;

  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;

  return {
    url: `http://${host}:${address.port}/v1`,
    stats,
    script: (rule) => rules.push({ item: rule.item, replies: [...rule.replies] }),
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function argument(name: string): string | undefined {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function runStandalone(): Promise<void> {
  const maxConcurrency = argument("max-concurrency");
  const server = await startOpenAITestServer({
    host: argument("host") ?? "127.0.0.1",
    port: Number(argument("port") ?? 4010),
    delayMs: Number(argument("delay-ms") ?? 0),
    maxConcurrency: maxConcurrency === undefined ? null : Number(maxConcurrency),
    apiKey: argument("api-key") ?? null,
  });
  console.log(`OpenAI-compatible test server listening at ${server.url} (Ctrl-C to stop)`);
  process.once("SIGINT", () => {
    void server.stop().then(() => process.exit(0));
  });
}

const entryScript = process.argv[1];
if (entryScript !== undefined && import.meta.url === pathToFileURL(entryScript).href) {
  void runStandalone();
}
