import { describe, expect, it } from "vitest";
import { modelFileEtag, sameModelFileVersion } from "./model-file-version";

const modified = new Date("2026-01-02T03:04:05.678Z");

describe("modelFileEtag", () => {
  it("is a weak tag of the size and the modification time in hexadecimal", () => {
    // 22,774,824 bytes = 0x15b8428; 2026-01-02T03:04:05.678Z = 1,767,323,045,678 ms = 0x19b7ca98f2e.
    expect(modelFileEtag(22_774_824, modified)).toBe('W/"15b8428-19b7ca98f2e"');
  });

  it("changes when either the size or the time changes", () => {
    const tag = modelFileEtag(100, modified);
    expect(modelFileEtag(101, modified)).not.toBe(tag);
    expect(modelFileEtag(100, new Date(modified.getTime() + 1))).not.toBe(tag);
  });
});

describe("sameModelFileVersion", () => {
  const headers = (entries: Record<string, string>) => new Headers(entries);

  it("compares ETags when both sides have one", () => {
    expect(sameModelFileVersion(headers({ etag: 'W/"a-1"' }), headers({ etag: 'W/"a-1"' }))).toBe(true);
    expect(sameModelFileVersion(headers({ etag: 'W/"a-1"', "content-length": "5" }), headers({ etag: 'W/"a-2"', "content-length": "5" }))).toBe(false);
  });

  it("falls back to Last-Modified and Content-Length together", () => {
    const stored = headers({ "last-modified": modified.toUTCString(), "content-length": "10" });
    expect(sameModelFileVersion(stored, headers({ "last-modified": modified.toUTCString(), "content-length": "10" }))).toBe(true);
    expect(sameModelFileVersion(stored, headers({ "last-modified": modified.toUTCString(), "content-length": "11" }))).toBe(false);
    expect(sameModelFileVersion(stored, headers({ "content-length": "10" }))).toBe(false);
  });

  it("never calls an unlabelled copy current", () => {
    expect(sameModelFileVersion(headers({}), headers({}))).toBe(false);
    expect(sameModelFileVersion(headers({ "content-length": "10" }), headers({ "content-length": "10" }))).toBe(false);
  });
});
