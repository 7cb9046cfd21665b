import { createServer } from "node:net";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { chatCompletionsUrl, requestChatCompletion, type ChatCompletionRequest, type ChatEndpoint } from "./chat-client";
import { ChatRequestError } from "./chat-error";
import { TEST_API_KEY, spamHamDefinition } from "@/lib/llm/runs/prelabel-test-fixtures";
import { promptAnswerSchema, renderPromptMessages } from "@/lib/llm/prompts/prompt-template";

let server: OpenAITestServer;

beforeEach(async () => {
  server = await startOpenAITestServer({ apiKey: TEST_API_KEY, echoModel: (model) => `${model}-2025-01-01` });
});

afterEach(async () => {
  await server.stop();
});

function endpoint(overrides: Partial<ChatEndpoint> = {}): ChatEndpoint {
  return { baseUrl: server.url, apiKey: TEST_API_KEY, authScheme: "bearer", timeoutMs: 2_000, ...overrides };
}

function request(itemText: string, overrides: Partial<ChatCompletionRequest> = {}): ChatCompletionRequest {
  const definition = spamHamDefinition();
  return {
    model: "test-model",
    messages: renderPromptMessages(definition, itemText),
    temperature: 0,
    maxTokens: 200,
    responseFormat: "json_schema",
    jsonSchema: promptAnswerSchema(definition),
    ...overrides,
  };
}

async function chatError(promise: Promise<unknown>): Promise<ChatRequestError> {
  const error = await promise.then(
    () => null,
    (thrown: unknown) => thrown,
  );
  if (!(error instanceof ChatRequestError)) throw new Error(`expected a ChatRequestError, got ${String(error)}`);
  return error;
}

describe("requestChatCompletion", () => {
  it("returns the content, usage, echoed model, latency and raw body", async () => {
    const result = await requestChatCompletion(endpoint(), request("you win a free cruise"));
    expect(JSON.parse(result.content)).toMatchObject({ labels: ["spam"] });
    expect(result.model).toBe("test-model-2025-01-01");
    expect(result.finishReason).toBe("stop");
    expect(result.usage).toEqual({
      promptTokens: expect.any(Number),
      completionTokens: expect.any(Number),
      totalTokens: (result.usage?.promptTokens ?? 0) + (result.usage?.completionTokens ?? 0),
    });
    expect(result.usage?.promptTokens).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    expect(JSON.parse(result.rawBody)).toMatchObject({ object: "chat.completion", choices: [{ message: { content: result.content } }] });
  });

  it("sends the key as a bearer token and the parameters the caller chose", async () => {
    await requestChatCompletion(endpoint(), request("lunch?", { temperature: 0.3, maxTokens: 77 }));
    const [seen] = server.stats.requests;
    expect(seen?.authorization).toBe(`Bearer ${TEST_API_KEY}`);
    expect(seen?.body).toMatchObject({ model: "test-model", temperature: 0.3, max_tokens: 77 });
    expect(seen?.body.response_format).toMatchObject({
      type: "json_schema",
      json_schema: { name: "prelabel_answer", strict: true, schema: { properties: { labels: { items: { enum: ["spam", "ham"] } } } } },
    });
    expect(seen?.itemText).toBe("lunch?");
  });

  it("falls back to json_object, or to no response_format at all", async () => {
    await requestChatCompletion(endpoint(), request("a", { responseFormat: "json_object" }));
    await requestChatCompletion(endpoint(), request("b", { responseFormat: "none" }));
    expect(server.stats.requests[0]?.body.response_format).toEqual({ type: "json_object" });
    expect(server.stats.requests[1]?.body).not.toHaveProperty("response_format");
  });

  it("sends Azure's api-key header when asked, and keeps a query string on the base URL", async () => {
    expect(chatCompletionsUrl("https://x.openai.azure.com/openai/v1/?api-version=preview")).toBe(
      "https://x.openai.azure.com/openai/v1/chat/completions?api-version=preview",
    );
    await requestChatCompletion(endpoint({ authScheme: "api-key", baseUrl: `${server.url}?api-version=2024-10-21` }), request("a"));
    expect(server.stats.requests[0]?.authorization).toBe(TEST_API_KEY);
  });

  it("types each failure and never retries by itself", async () => {
    server.script({ item: "limited", replies: [{ kind: "status", status: 429, retryAfter: "3" }] });
    server.script({ item: "broken", replies: [{ kind: "status", status: 503 }] });
    server.script({ item: "rejected", replies: [{ kind: "status", status: 400 }] });
    server.script({ item: "gateway", replies: [{ kind: "invalid_body", body: "<html>Bad gateway</html>" }] });

    expect(await chatError(requestChatCompletion(endpoint(), request("limited")))).toMatchObject({ kind: "rate_limited", status: 429, retryAfterMs: 3_000 });
    expect(await chatError(requestChatCompletion(endpoint(), request("broken")))).toMatchObject({ kind: "server_error", status: 503 });
    expect(await chatError(requestChatCompletion(endpoint(), request("rejected")))).toMatchObject({ kind: "bad_request", status: 400 });
    const invalid = await chatError(requestChatCompletion(endpoint(), request("gateway")));
    expect(invalid).toMatchObject({ kind: "invalid_response", status: 200 });
    expect(invalid.message).toContain("<html>Bad gateway</html>");
    expect(await chatError(requestChatCompletion(endpoint({ apiKey: "sk-wrong-key-000000" }), request("x")))).toMatchObject({ kind: "auth", status: 401 });
    expect(server.stats.requests).toHaveLength(5);
  });

  it("times out a hanging request, and tells a timeout from a cancellation", async () => {
    server.script({ replies: [{ kind: "hang" }, { kind: "hang" }] });
    const timedOut = await chatError(requestChatCompletion(endpoint({ timeoutMs: 150 }), request("a")));
    expect(timedOut.kind).toBe("timeout");
    expect(timedOut.message).toContain("within 150 ms");

    const controller = new AbortController();
    const pending = requestChatCompletion(endpoint({ timeoutMs: 60_000 }), request("b", { signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    expect((await chatError(pending)).kind).toBe("cancelled");
  });

  it("reports an unreachable server as a network error", async () => {
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, "127.0.0.1", () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
      });
    });
    const error = await chatError(requestChatCompletion(endpoint({ baseUrl: `http://127.0.0.1:${closedPort}/v1` }), request("a")));
    expect(error.kind).toBe("network");
    expect(error.message).toContain(`127.0.0.1:${closedPort}`);
  });

  it("keeps the API key out of errors and bodies even when the server echoes it back", async () => {
    server.script({ item: "echo-error", replies: [{ kind: "status", status: 400, echoRequest: true }] });
    server.script({ item: "echo-500", replies: [{ kind: "status", status: 500, body: `upstream said: key ${TEST_API_KEY}` }] });
    server.script({ item: "echo-content", replies: [{ kind: "content", content: (seen) => `your key is ${seen.authorization}` }] });

    const errors = [
      await chatError(requestChatCompletion(endpoint(), request("echo-error"))),
      await chatError(requestChatCompletion(endpoint(), request("echo-500"))),
    ];
    const answered = await requestChatCompletion(endpoint(), request("echo-content"));

    expect(server.stats.authorizationHeaders).toContain(`Bearer ${TEST_API_KEY}`);
    expect(errors[0]?.message).toContain("authorization");
    const everything = [...errors.flatMap((error) => [error.message, String(error), JSON.stringify(error)]), answered.content, answered.rawBody];
    for (const text of everything) expect(text).not.toContain(TEST_API_KEY.slice(3));
  });
});
