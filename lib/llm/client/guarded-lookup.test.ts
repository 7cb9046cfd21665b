import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { assertEndpointAllowed, guardedLookup, OutboundHostRefusedError } from "./guarded-lookup";
import { parseAllowedHosts } from "./outbound-host-policy";

// Read by assertEndpointAllowed through env(), on its first call below.
process.env.GOLDSET_LLM_ALLOWED_HOSTS = "127.0.0.1:11434,localhost:11434";

function resolveWith(allowed: string, hostname: string, all: boolean): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => {
    guardedLookup(parseAllowedHosts(allowed), 80)(hostname, { all }, (error, address, family) => (error ? reject(error) : resolve({ address, family })));
  });
}

describe("guardedLookup", () => {
  it("refuses a name that resolves inward, and hands the socket exactly the addresses it checked once listed", async () => {
    await expect(resolveWith("", "localhost", true)).rejects.toBeInstanceOf(OutboundHostRefusedError);
    await expect(resolveWith("", "localhost", false)).rejects.toThrow(/^Refused to send LLM requests to localhost \(it resolves to (127\.0\.0\.1|::1)\): a .*loopback/);

    const resolved = await lookup("localhost", { all: true });
    expect((await resolveWith("localhost", "localhost", true)).address).toEqual(resolved);
    expect(await resolveWith("localhost", "localhost", false)).toEqual({ address: resolved[0]!.address, family: resolved[0]!.family });
  });
});

describe("assertEndpointAllowed", () => {
  it("checks a base URL's port against entries listed with one, literal or resolved, default ports included", async () => {
    await expect(assertEndpointAllowed("http://127.0.0.1:11434/v1")).resolves.toBeUndefined();
    await expect(assertEndpointAllowed("http://localhost:11434/v1")).resolves.toBeUndefined();
    await expect(assertEndpointAllowed("http://127.0.0.1:3000/v1")).rejects.toThrow(
      "Refused to send LLM requests to 127.0.0.1 on port 3000: GOLDSET_LLM_ALLOWED_HOSTS allows it on port 11434 only.",
    );
    await expect(assertEndpointAllowed("http://localhost/v1")).rejects.toThrow("Refused to send LLM requests to localhost on port 80:");
    await expect(assertEndpointAllowed("https://localhost/v1")).rejects.toThrow("Refused to send LLM requests to localhost on port 443:");
  });
});
