import { describe, expect, it } from "vitest";
import { schemaSummary } from "./schema-summary";

describe("schemaSummary", () => {
  it("says a bounded integer with its default in a few words", () => {
    expect(schemaSummary({ type: "integer", minimum: 1, maximum: 500, default: 100 })).toBe("integer, 1–500, default 100");
  });

  it("lists an enum's choices, leaving out the empty string that means no filter", () => {
    expect(schemaSummary({ anyOf: [{ type: "string", enum: ["id", "-id"] }, { type: "string", const: "" }] })).toBe('one of "id", "-id"');
  });

  it("gives a string's length bounds and pattern, and a positive id's exclusive minimum", () => {
    expect(schemaSummary({ type: "string", minLength: 1, maxLength: 255 })).toBe("string, 1–255 characters");
    expect(schemaSummary({ type: "string", pattern: "^\\d*$" })).toBe("string, matching ^\\d*$");
    expect(schemaSummary({ type: "integer", exclusiveMinimum: 0 })).toBe("integer, > 0");
    expect(schemaSummary({ type: "number", maximum: 1 })).toBe("number, ≤ 1");
  });
});
