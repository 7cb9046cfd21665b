import "server-only";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { guardedLookup, OutboundHostRefusedError, refusalForLiteral } from "./guarded-lookup";
import { portOf, type OutboundHostPolicy } from "./outbound-host-policy";

/**
 * POSTs a JSON body and reads the whole answer, over node:http(s) with the default keep-alive
 * agents. Not `fetch`: on Node 20, undici's fetch cost about 2.5 times the CPU per request of
 * node:http against the loopback test server (1.9 ms against 0.75 ms), and a pre-labelling run
 * is thousands of small requests on the same two cores that serve the app.
 *
 * Every request obeys the outbound host policy: an IP-literal host is checked here, a name is
 * checked by the guarded lookup on the addresses the socket then connects to. node:http follows
 * no redirect, so a 3xx answer cannot lead the request to a host nobody checked.
 */

/** Far above any chat completion (32k tokens is well under 1 MiB); a larger answer is refused, not buffered. */
export const MAX_REPLY_BYTES = 8 * 1024 * 1024;

/** The server kept sending past MAX_REPLY_BYTES; the request was cut off. Never worth retrying. */
export class ReplyTooLargeError extends Error {
  constructor() {
    super(`the answer is larger than ${MAX_REPLY_BYTES} bytes`);
    this.name = "ReplyTooLargeError";
  }
}

export interface HttpReply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export function postJson(url: URL, headers: Record<string, string>, body: string, signal: AbortSignal, policy: OutboundHostPolicy, sending?: string): Promise<HttpReply> {
  const refusal = refusalForLiteral(policy, url, sending);
  if (refusal !== null) return Promise.reject(new OutboundHostRefusedError(refusal));
  return new Promise((resolve, reject) => {
    const send = url.protocol === "https:" ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(body)) }, signal, lookup: guardedLookup(policy, portOf(url), sending) },
      (response) => {
        const chunks: Buffer[] = [];
        let received = 0;
        response.on("data", (chunk: Buffer) => {
          received += chunk.length;
          if (received > MAX_REPLY_BYTES) request.destroy(new ReplyTooLargeError());
          else chunks.push(chunk);
        });
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString("utf8") }));
        response.on("error", reject);
        response.on("close", () => {
          if (!response.complete) reject(new Error("the connection closed before the answer was complete"));
        });
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | null {
  const value = headers[name];
  if (Array.isArray(value)) return value[0] ?? null;
  return value ?? null;
}
