import { describe, expect, it } from "vitest";
import { sameEndpoint } from "./same-endpoint";

describe("sameEndpoint", () => {
  it("treats spellings of one endpoint as the same", () => {
    expect(sameEndpoint("https://API.openai.com/v1/", "https://api.openai.com:443/v1")).toBe(true);
    expect(sameEndpoint("http://127.1:8000/v1", "http://127.0.0.1:8000/v1")).toBe(true);
  });

  it("tells apart another host, port, scheme, path or query", () => {
    const base = "http://127.0.0.1:8000/v1";
    expect(sameEndpoint(base, "http://127.0.0.2:8000/v1")).toBe(false);
    expect(sameEndpoint(base, "http://127.0.0.1:8001/v1")).toBe(false);
    expect(sameEndpoint(base, "https://127.0.0.1:8000/v1")).toBe(false);
    expect(sameEndpoint(base, "http://127.0.0.1:8000/v2")).toBe(false);
    expect(sameEndpoint(base, "http://127.0.0.1:8000/v1?api-version=1")).toBe(false);
    expect(sameEndpoint(base, "http://attacker@127.0.0.1:8000/v1")).toBe(false);
  });

  it("never matches an unparseable or empty URL, not even itself", () => {
    expect(sameEndpoint("", "")).toBe(false);
    expect(sameEndpoint("not a url", "not a url")).toBe(false);
  });
});
