// The proxy refuses some API requests before any route runs (proxy.ts): its answers are the same
// error shape as every route's, so a script reads one kind of error body.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { errorSchema } from "@/lib/api/openapi/error-schema";
import { proxy } from "@/proxy";

const api = (headers: Record<string, string>) =>
  new NextRequest("http://127.0.0.1:3000/api/v1/projects/p/members", { method: "POST", headers: { host: "127.0.0.1:3000", ...headers }, body: "{}" });

describe("the proxy's refusals", () => {
  it("answers a cross-site write with 403 in the one error shape", async () => {
    const response = await proxy(api({ origin: "http://evil.example", "content-type": "application/json" }));
    expect(response.status).toBe(403);
    expect(errorSchema.parse(await response.json())).toEqual({ error: "forbidden", message: "Requests from http://evil.example are not accepted: use the app's own pages." });
  });

  it("answers a declared body over GOLDSET_MAX_JSON_BYTES with 413 in the one error shape", async () => {
    const response = await proxy(api({ origin: "http://127.0.0.1:3000", "content-type": "application/json", "content-length": String(10 * 1024 * 1024) }));
    expect(response.status).toBe(413);
    const body = errorSchema.parse(await response.json());
    expect(body.error).toBe("payload_too_large");
    expect(body.message).toMatch(/^The JSON body is larger than the limit of \d+ bytes \(GOLDSET_MAX_JSON_BYTES\)\.$/);
  });
});
