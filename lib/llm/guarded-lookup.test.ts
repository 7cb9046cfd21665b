import { lookup } from "node:dns/promises";
import type { LookupAddress } from "node:dns";
import { describe, expect, it } from "vitest";
import { guardedLookup, OutboundHostRefusedError } from "./guarded-lookup";
import { parseAllowedHosts } from "./outbound-host-policy";

function resolveWith(allowed: string, hostname: string, all: boolean): Promise<{ address: string | LookupAddress[]; family?: number }> {
  return new Promise((resolve, reject) => {
    guardedLookup(parseAllowedHosts(allowed))(hostname, { all }, (error, address, family) => (error ? reject(error) : resolve({ address, family })));
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
