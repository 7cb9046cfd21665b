import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { ChatRequestError } from "./chat-error";
import { requestChatCompletion, type ChatCompletionRequest, type ChatEndpoint } from "./chat-client";
import { parseAllowedHosts } from "./outbound-host-policy";

/**
 * The outbound host policy against real sockets: a plain node:http listener on loopback that
 * counts every connection, so "refused" means not one byte reached it, key or no key.
 */

const KEY = "sk-server-key-0a1b2c3d4e5f6789";

interface Listener {
  port: number;
  connections: number;
  requests: { url: string; authorization: string | null }[];
  server: Server;
}

const listeners: Listener[] = [];
afterEach(async () => {
  for (const listener of listeners.splice(0)) {
    listener.server.closeAllConnections();
    await new Promise((resolve) => listener.server.close(resolve));
  }
});

async function listen(host: string, answer: (respond: import("node:http").ServerResponse) => void): Promise<Listener> {
  const server = createServer();
  const listener: Listener = { port: 0, connections: 0, requests: [], server };
  server.on("connection", () => listener.connections++);
  server.on("request", (request, response) => {
    listener.requests.push({ url: request.url ?? "", authorization: request.headers.authorization ?? null });
    request.resume();
    request.on("end", () => answer(response));
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  listener.port = (server.address() as AddressInfo).port;
  listeners.push(listener);
  return listener;
}

function completion(response: import("node:http").ServerResponse): void {
  response.writeHead(200, { "content-type": "application/json" });
  response.end(JSON.stringify({ model: "m", choices: [{ message: { role: "assistant", content: '{"labels":["ham"]}' }, finish_reason: "stop" }] }));
}

function endpoint(baseUrl: string, allowed: string): ChatEndpoint {
  return { baseUrl, apiKey: KEY, authScheme: "bearer", timeoutMs: 2_000, allowedHosts: parseAllowedHosts(allowed) };
}

const request: ChatCompletionRequest = {
  model: "m",
  messages: [{ role: "user", content: "hello" }],
  temperature: 0,
  maxTokens: 10,
  responseFormat: "none",
  jsonSchema: { name: "answer", schema: {} },
};

async function chatError(promise: Promise<unknown>): Promise<ChatRequestError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ChatRequestError) return error;
    throw error;
  }
  throw new Error("expected the request to fail");
}

describe("outbound LLM requests", () => {
  it("reach no loopback listener, under any spelling of its address, unless it is listed", async () => {
    const listener = await listen("127.0.0.1", completion);
    const port = listener.port;
    const spellings = [
      `http://127.0.0.1:${port}/v1`,
      `http://localhost:${port}/v1`,
      `http://LocalHost:${port}/v1`,
      `http://127.1:${port}/v1`,
      `http://2130706433:${port}/v1`,
      `http://0x7f000001:${port}/v1`,
      `http://0177.0.0.1:${port}/v1`,
      `http://[::ffff:127.0.0.1]:${port}/v1`,
      `http://[::1]:${port}/v1`,
      `http://0.0.0.0:${port}/v1`,
    ];
    for (const baseUrl of spellings) {
      const error = await chatError(requestChatCompletion(endpoint(baseUrl, ""), request));
      expect(error.kind, baseUrl).toBe("refused_host");
      expect(error.message, baseUrl).toMatch(/^Refused to send LLM requests to .*GOLDSET_LLM_ALLOWED_HOSTS/);
      expect(error.message).not.toContain(KEY);
    }
    expect(listener.connections).toBe(0);
    expect(listener.requests).toEqual([]);

    // Listed by address, by range or by name, the same listener is reached, with the key.
    await requestChatCompletion(endpoint(`http://127.0.0.1:${port}/v1`, "127.0.0.1"), request);
    await requestChatCompletion(endpoint(`http://127.1:${port}/v1`, "127.0.0.0/8"), request);
    await requestChatCompletion(endpoint(`http://localhost:${port}/v1`, "localhost"), request);
    expect(listener.requests).toEqual([
      { url: "/v1/chat/completions", authorization: `Bearer ${KEY}` },
      { url: "/v1/chat/completions", authorization: `Bearer ${KEY}` },
      { url: "/v1/chat/completions", authorization: `Bearer ${KEY}` },
    ]);
  });

  it("reach only the listed port of a host listed with one: the other loopback port hears nothing", async () => {
    const ollama = await listen("127.0.0.1", completion);
    const app = await listen("127.0.0.1", completion);
    for (const allowed of [`127.0.0.1:${ollama.port}`, `localhost:${ollama.port}`]) {
      const host = allowed.split(":")[0];
      await requestChatCompletion(endpoint(`http://${host}:${ollama.port}/v1`, allowed), request);
      const error = await chatError(requestChatCompletion(endpoint(`http://${host}:${app.port}/v1`, allowed), request));
      expect(error.kind, allowed).toBe("refused_host");
      expect(error.message, allowed).toMatch(new RegExp(`^Refused to send LLM requests to ${host} on port ${app.port}: GOLDSET_LLM_ALLOWED_HOSTS allows it on port ${ollama.port} only\\.$`));
    }
    expect(ollama.requests).toEqual([
      { url: "/v1/chat/completions", authorization: `Bearer ${KEY}` },
      { url: "/v1/chat/completions", authorization: `Bearer ${KEY}` },
    ]);
    expect(app.connections).toBe(0);
    expect(app.requests).toEqual([]);
  });

  it("follow no redirect to a host nobody listed: a 3xx is an error, and its target hears nothing", async () => {
    const target = await listen("127.0.0.2", completion);
    const redirecting = await listen("127.0.0.1", (response) => {
      response.writeHead(307, { location: `http://127.0.0.2:${target.port}/v1/chat/completions` });
      response.end();
    });
    const error = await chatError(requestChatCompletion(endpoint(`http://127.0.0.1:${redirecting.port}/v1`, "127.0.0.1"), request));
    expect(error).toMatchObject({ kind: "bad_request", status: 307 });
    expect(redirecting.requests).toHaveLength(1);
    expect(target.connections).toBe(0);
    // Pointed at the target directly, the request is refused before it connects.
    expect(await chatError(requestChatCompletion(endpoint(`http://127.0.0.2:${target.port}/v1`, "127.0.0.1"), request))).toMatchObject({ kind: "refused_host" });
    expect(target.connections).toBe(0);
  });

  it("refuses metadata, private and unique-local addresses before opening a socket", async () => {
    const refused = [
      "http://169.254.169.254/latest/meta-data",
      "http://10.0.0.1:8000/v1",
      "http://192.168.1.10:11434/v1",
      "http://172.16.5.4/v1",
      "http://[fc00::1]:8000/v1",
      "http://[fd00:ec2::254]/v1",
      "http://[::ffff:169.254.169.254]/v1",
      "http://[fe80::1]/v1",
    ];
    for (const baseUrl of refused) {
      const error = await chatError(requestChatCompletion(endpoint(baseUrl, "127.0.0.1"), request));
      expect(error.kind, baseUrl).toBe("refused_host");
    }
    expect(await chatError(requestChatCompletion(endpoint("http://169.254.169.254/v1", ""), request))).toMatchObject({
      message: expect.stringContaining("169.254.169.254: a link-local address"),
    });
  });

  it("keep only a short, redacted, one-line excerpt of an error body", async () => {
    const listener = await listen("127.0.0.1", (response) => {
      response.writeHead(500, { "content-type": "text/html" });
      response.end(`<html>\n<h1>Internal admin console</h1>\n<pre>Authorization: Bearer ${KEY}\nDB_PASSWORD=s3cr3t-value\n${"row ".repeat(500)}</pre></html>`);
    });
    const error = await chatError(requestChatCompletion({ ...endpoint(`http://127.0.0.1:${listener.port}/v1`, "127.0.0.1"), timeoutMs: 2_000 }, request));
    expect(error.kind).toBe("server_error");
    const url = `http://127.0.0.1:${listener.port}/v1/chat/completions`;
    const prefix = `${url} answered HTTP 500: `;
    expect(error.message.startsWith(`${prefix}<html> <h1>Internal admin console</h1> <pre>Authorization: [redacted] DB_PASSWORD=[redacted] row row`)).toBe(true);
    // 2,000 characters of rows alone: the excerpt is the first 200 characters and the length.
    const [excerpt, total] = error.message.slice(prefix.length).split("… (");
    expect(excerpt).toHaveLength(200);
    expect(Number(total?.replace(" characters)", ""))).toBeGreaterThan(2_000);
    expect(error.message).not.toMatch(/[\n\r]/);
    expect(error.message).not.toContain(KEY.slice(3));
    expect(error.message).not.toContain("s3cr3t");
  });

  it("stop reading an answer larger than any chat completion, and do not ask again", async () => {
    const listener = await listen("127.0.0.1", (response) => {
      response.writeHead(500, { "content-type": "text/plain" });
      const chunk = "x".repeat(1024 * 1024);
      for (let i = 0; i < 9; i++) response.write(chunk);
      response.end();
    });
    const error = await chatError(requestChatCompletion(endpoint(`http://127.0.0.1:${listener.port}/v1`, "127.0.0.1"), request));
    expect(error.kind).toBe("invalid_response");
    expect(error.message).toBe(`http://127.0.0.1:${listener.port}/v1/chat/completions answered, but the answer is larger than 8388608 bytes: not a chat.completion`);
  });
});
