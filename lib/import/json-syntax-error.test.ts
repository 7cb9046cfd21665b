import { describe, expect, it } from "vitest";
import { findJsonSyntaxError, lineAndColumn } from "@/lib/import/json-syntax-error";

describe("findJsonSyntaxError", () => {
  it.each([
    ['{"a":1,}', 7, 'trailing comma before "}" is not allowed in JSON'],
    ["[1,2,]", 5, 'trailing comma before "]" is not allowed in JSON'],
    ['{"a": tru}', 9, 'invalid literal, expected true, found "}"'],
    ['{"a": undefined}', 6, 'expected a value, found "u"'],
    ["{'a': 1}", 1, `expected a double-quoted property name, found "'"`],
    ['{"a" 1}', 5, 'expected ":" after the property name, found "1"'],
    ['{"a":1 "b":2}', 7, 'expected "," or "}" after a property value, found "\\""'],
    ["[1 2]", 3, 'expected "," or "]" after an array element, found "2"'],
    ['{"a":1', 6, 'expected "," or "}" after a property value, found the end of the input'],
    ['{"a":"x', 5, "a string starts here but never ends"],
    ['{"a":"x\ty"}', 7, "raw control character U+0009 inside a string; write it escaped (\\n, \\t, \\u00XX)"],
    ['{"a":"\\q"}', 6, 'invalid escape "\\\\q" in a string'],
    ['{"a":"\\u12"}', 6, "invalid \\u escape, expected four hex digits"],
    ['{"a":01}', 6, 'expected "," or "}" after a property value, found "1"'],
    ['{"a":1.}', 6, "invalid number"],
    ['{"a":1} x', 8, 'unexpected "x" after the end of the JSON value'],
    ["", 0, "expected a value, found the end of the input"],
  ])("locates the error in %j", (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason });
  });

  it("accepts valid JSON, nested and with every kind of value", () => {
    const text = '{"a":[1,-2.5e3,true,false,null,{"b":"\\u00e9\\n"},[]],"c":{}}';
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeNull();
  });

  it("handles nesting far deeper than a recursive parser could", () => {
    const text = `${"[".repeat(100_000)}${"]".repeat(99_999)}`;
    expect(findJsonSyntaxError(text)).toEqual({ offset: 199_999, reason: 'expected "," or "]" after an array element, found the end of the input' });
  });

  it("names the end of a line when told to", () => {
    expect(findJsonSyntaxError("{", "the end of the line")?.reason).toBe('expected a double-quoted property name, found the end of the line');
  });
});

describe("lineAndColumn", () => {
  it("converts an offset into a 1-based line and column", () => {
    const text = "[\n  {\"a\": 1},\n  {oops}\n]";
    expect(lineAndColumn(text, text.indexOf("oops"))).toEqual({ line: 3, column: 4 });
    expect(lineAndColumn(text, 0)).toEqual({ line: 1, column: 1 });
  });
});
