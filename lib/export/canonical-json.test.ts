import { describe, expect, it } from "vitest";

import { canonicalJson } from "@/lib/export/canonical-json";

describe("canonicalJson", () => {
  it("sorts keys at every depth so insertion order does not matter", () => {
    const a = canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: 2 } }, "m");
    const b = canonicalJson({ a: { c: 2, d: [{ y: 2, z: 1 }] }, b: 1 }, "m");
    expect(a).toBe('{"a":{"c":2,"d":[{"y":2,"z":1}]},"b":1}');
    expect(b).toBe(a);
  });

  it("drops undefined members, writes undefined array slots as null and dates as ISO strings", () => {
    expect(canonicalJson({ gone: undefined, list: [undefined, 1], at: new Date(Date.UTC(2024, 0, 2)) }, "m")).toBe(
      '{"at":"2024-01-02T00:00:00.000Z","list":[null,1]}',
    );
  });

  it("names the path of a value JSON cannot carry", () => {
    expect(() => canonicalJson({ a: [1, Number.NaN] }, "item metadata")).toThrow("item metadata.a[1]: NaN");
    expect(() => canonicalJson({ big: 10n }, "m")).toThrow("m.big: a bigint");
  });
});
