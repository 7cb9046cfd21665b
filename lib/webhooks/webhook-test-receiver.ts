// For tests (unit and Playwright): a real HTTP receiver on 127.0.0.1 that verifies each request's
// signature as a receiver would, records it, and answers with the statuses it is told to.
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { verifyWebhook, WEBHOOK_ID_HEADER, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER, type WebhookVerification } from "./signature";

export interface ReceivedWebhook {
  headers: IncomingHttpHeaders;
  body: string;
  eventId: string | undefined;
  /** Null until the test gives the receiver the webhook's secret. */
  verification: WebhookVerification | null;
}

export interface WebhookTestReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** The secret to verify with (known once the webhook is created). */
  secret: string | null;
  /** Statuses for the next requests, in order; 200 once they run out. */
  answers: number[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(path = "/hooks/goldset"): Promise<WebhookTestReceiver> {
  const receiver: WebhookTestReceiver = {
    url: "",
    received: [],
    secret: null,
    answers: [],
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const header = (name: string) => {
        const value = request.headers[name.toLowerCase()];
        return Array.isArray(value) ? value[0] : value;
      };
      receiver.received.push({
        headers: request.headers,
        body,
        eventId: header(WEBHOOK_ID_HEADER),
        verification:
          receiver.secret === null
            ? null
            : verifyWebhook({ secret: receiver.secret, body, timestampHeader: header(WEBHOOK_TIMESTAMP_HEADER), signatureHeader: header(WEBHOOK_SIGNATURE_HEADER) }),
      });
      const status = receiver.answers.shift() ?? 200;
      response.writeHead(status, { "content-type": "text/plain" }).end(status === 200 ? "ok" : `failing on purpose (${status})`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
