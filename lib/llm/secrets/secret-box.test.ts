import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, maskSecret, SecretBoxError } from "./secret-box";

const master = "test-master-secret-0123456789abcdef0123";

describe("secret box", () => {
  it("round-trips a key and never stores it in the clear", () => {
    const sealed = encryptSecret("sk-live-0123456789abcdef", master);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(sealed).not.toContain("0123456789abcdef");
    expect(decryptSecret(sealed, master)).toBe("sk-live-0123456789abcdef");
  });

  it("uses a fresh IV each time, so equal keys do not give equal ciphertexts", () => {
    expect(encryptSecret("same", master)).not.toBe(encryptSecret("same", master));
  });

  it("detects any altered byte", () => {
    const sealed = encryptSecret("sk-live-0123456789abcdef", master);
    const bytes = Buffer.from(sealed.slice(3), "base64");
    for (const index of [0, 12, 28, bytes.length - 1]) {
      const tampered = Buffer.from(bytes);
      tampered[index] = (tampered[index] ?? 0) ^ 0x01;
      expect(() => decryptSecret(`v1:${tampered.toString("base64")}`, master)).toThrow(SecretBoxError);
    }
  });

  it("refuses another master secret, another context, an unknown version and a truncated value", () => {
    const sealed = encryptSecret("sk-live-0123456789abcdef", master, "project-1");
    expect(decryptSecret(sealed, master, "project-1")).toBe("sk-live-0123456789abcdef");
    expect(() => decryptSecret(sealed, `${master}-rotated`, "project-1")).toThrow(/GOLDSET_SECRET changed/);
    expect(() => decryptSecret(sealed, master, "project-2")).toThrow(SecretBoxError);
    expect(() => decryptSecret(sealed.replace(/^v1:/, "v2:"), master, "project-1")).toThrow(/Unknown secret format "v2"/);
    expect(() => decryptSecret("v1:AAAA", master)).toThrow(/truncated/);
  });

  it("refuses a master secret too short to be a key", () => {
    expect(() => encryptSecret("sk-x", "short")).toThrow(/at least 32 characters/);
  });

  it("masks keys for display", () => {
    expect(maskSecret("sk-proj-0123456789abcd")).toBe("sk-…abcd");
    expect(maskSecret("0123456789abcdefWXYZ")).toBe("…WXYZ");
    expect(maskSecret("sk-short")).toBe("sk-…");
  });
});
