import { describe, expect, it } from "vitest";
import { bearerSecret, lowerRole, newTokenSecret, tokenHash, tokenPrefix } from "./access-token";

describe("access token secrets", () => {
  it("are gst_ and 32 random bytes in base64url, different every time", () => {
    const a = newTokenSecret();
    expect(a).toMatch(/^gst_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a.slice(4), "base64url")).toHaveLength(32);
    expect(newTokenSecret()).not.toBe(a);
  });

  it("are stored as their SHA-256 in hex, and shown by the 8 characters after gst_", () => {
    // sha256("abc"), the FIPS 180-2 example.
    expect(tokenHash("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(tokenPrefix("gst_ABCDEFGHijkl")).toBe("ABCDEFGH");
  });
});

describe("bearerSecret", () => {
  it("reads the token of a Bearer header, whatever the scheme's case", () => {
    expect(bearerSecret("Bearer gst_abc")).toBe("gst_abc");
    expect(bearerSecret("bearer   gst_abc ")).toBe("gst_abc");
  });

  it("tells a Bearer header without a token (to refuse) from no Bearer header at all", () => {
    expect(bearerSecret("Bearer")).toBe("");
    expect(bearerSecret("Bearer  ")).toBe("");
    expect(bearerSecret(null)).toBeNull();
    expect(bearerSecret("Basic dXNlcjpwYXNz")).toBeNull();
  });
});

describe("lowerRole", () => {
  it("caps a member's role at the token's", () => {
    expect(lowerRole("lead", "annotator")).toBe("annotator");
    expect(lowerRole("lead", "reviewer")).toBe("reviewer");
    expect(lowerRole("reviewer", "lead")).toBe("reviewer");
    expect(lowerRole("annotator", "reviewer")).toBe("annotator");
    expect(lowerRole("reviewer", "reviewer")).toBe("reviewer");
  });
});
