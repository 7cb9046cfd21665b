import { describe, expect, it } from "vitest";
import { REDACTED, redactSecrets } from "./redact-secrets";

describe("redactSecrets", () => {
  const key = "sk-proj-Abc123/def+ghi=";

  it("removes the key verbatim, JSON-escaped and URL-encoded", () => {
    const echoed = `key=${key} json=${JSON.stringify(key)} url=${encodeURIComponent(key)}`;
    const redacted = redactSecrets(echoed, [key]);
    expect(redacted).not.toContain(key);
    expect(redacted).not.toContain(encodeURIComponent(key));
    expect(redacted).not.toContain("Abc123");
    expect(redacted).toBe(`key=${REDACTED} json="${REDACTED}" url=${REDACTED}`);
  });

  it("removes any bearer token, even one it was not told about", () => {
    expect(redactSecrets('{"authorization":"Bearer other-token-123"}', [])).toBe(`{"authorization":"Bearer ${REDACTED}"}`);
  });

  it("leaves text without secrets unchanged, and ignores placeholder keys too short to be secrets", () => {
    expect(redactSecrets("win a free phone", [key])).toBe("win a free phone");
    expect(redactSecrets("none of it", ["x", ""])).toBe("none of it");
  });
});
