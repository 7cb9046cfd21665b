import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientAddress, installPeerAddressHeader } from "./client-address";

let server: http.Server;
let port: number;

beforeAll(async () => {
  installPeerAddressHeader();
  server = http.createServer((request, response) => {
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify({ untrusted: clientAddress(request.headers, false), trusted: clientAddress(request.headers, true) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function addressesFor(headers: Record<string, string>) {
  const response = await fetch(`http://127.0.0.1:${port}/`, { headers });
  return (await response.json()) as { untrusted: string | null; trusted: string | null };
}

describe("clientAddress", () => {
  it("uses the TCP peer, whatever X-Forwarded-For or our own header the client sends", async () => {
    const seen = await addressesFor({ "x-forwarded-for": "203.0.113.7", "x-goldset-peer-address": "198.51.100.1" });
    expect(seen.untrusted).toBe("127.0.0.1");
  });

  it("behind a trusted proxy, takes the last X-Forwarded-For entry, the one the proxy appended", async () => {
    expect((await addressesFor({ "x-forwarded-for": "203.0.113.7, 192.0.2.44" })).trusted).toBe("192.0.2.44");
    expect((await addressesFor({})).trusted).toBe("127.0.0.1");
  });
});
