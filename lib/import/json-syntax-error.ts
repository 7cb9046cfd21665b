// Engines word JSON.parse errors differently (V8 often gives no position at all, Firefox and
// Safari other phrasing), so after a failed parse we find the first error ourselves and describe it
// the same way in the browser and in the CLI. Only runs on text JSON.parse already rejected.

export interface JsonSyntaxError {
  /** 0-based offset in UTF-16 code units. */
  offset: number;
  /** What was wrong, without the position: "expected ',' or '}' after a property value, found \"x\"". */
  reason: string;
}

const OBJECT = 0;
const ARRAY = 1;

type Expecting = "value" | "key" | "after-value";

/** Describes the first syntax error in `text`, or returns null when the text is valid JSON. */
export function findJsonSyntaxError(text: string, endName = "the end of the input"): JsonSyntaxError | null {
  const stack: number[] = [];
  let expecting: Expecting = "value";
  let afterComma = false;
  let i = 0;
  const fail = (offset: number, reason: string): JsonSyntaxError => ({ offset, reason });
  const found = (at: number): string => (at >= text.length ? endName : showChar(text, at));

  for (;;) {
    i = skipWhitespace(text, i);
    const c = text.charCodeAt(i);
    if (expecting === "value") {
      if (c === 0x7b /* { */) {
        stack.push(OBJECT);
        i += 1;
        expecting = "key";
        afterComma = false;
      } else if (c === 0x5b /* [ */) {
        stack.push(ARRAY);
        afterComma = false;
        i = skipWhitespace(text, i + 1);
        if (text.charCodeAt(i) === 0x5d /* ] */) {
          stack.pop();
          i += 1;
          expecting = "after-value";
        }
      } else if (c === 0x22 /* " */) {
        const end = scanString(text, i);
        if (typeof end !== "number") return end;
        i = end;
        expecting = "after-value";
      } else if (c === 0x2d /* - */ || (c >= 0x30 && c <= 0x39)) {
        const end = scanNumber(text, i);
        if (typeof end !== "number") return end;
        i = end;
        expecting = "after-value";
      } else if (c === 0x74 || c === 0x66 || c === 0x6e /* t f n */) {
        const word = c === 0x74 ? "true" : c === 0x66 ? "false" : "null";
        for (let k = 0; k < word.length; k += 1) {
          if (text[i + k] !== word[k]) return fail(i + k, `invalid literal, expected ${word}, found ${found(i + k)}`);
        }
        i += word.length;
        expecting = "after-value";
      } else if (afterComma && c === 0x5d) {
        return fail(i, `trailing comma before "]" is not allowed in JSON`);
      } else {
        return fail(i, `expected a value, found ${found(i)}`);
      }
    } else if (expecting === "key") {
      if (c === 0x7d /* } */) {
        if (afterComma) return fail(i, `trailing comma before "}" is not allowed in JSON`);
        stack.pop();
        i += 1;
        expecting = "after-value";
        continue;
      }
      if (c !== 0x22) return fail(i, `expected a double-quoted property name, found ${found(i)}`);
      const end = scanString(text, i);
      if (typeof end !== "number") return end;
      i = skipWhitespace(text, end);
      if (text.charCodeAt(i) !== 0x3a /* : */) return fail(i, `expected ":" after the property name, found ${found(i)}`);
      i += 1;
      expecting = "value";
      afterComma = false;
    } else {
      const top = stack.at(-1);
      if (top === undefined) {
        return i < text.length ? fail(i, `unexpected ${found(i)} after the end of the JSON value`) : null;
      }
      const close = top === OBJECT ? 0x7d : 0x5d;
      if (c === 0x2c /* , */) {
        i += 1;
        expecting = top === OBJECT ? "key" : "value";
        afterComma = true;
      } else if (c === close) {
        stack.pop();
        i += 1;
      } else {
        const closer = top === OBJECT ? `"}"` : `"]"`;
        const what = top === OBJECT ? "a property value" : "an array element";
        return fail(i, `expected "," or ${closer} after ${what}, found ${found(i)}`);
      }
    }
  }
}

/** Converts an offset into a 1-based line and column, for whole documents. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  let at = text.indexOf("\n");
  while (at >= 0 && at < offset) {
    line += 1;
    lineStart = at + 1;
    at = text.indexOf("\n", lineStart);
  }
  return { line, column: offset - lineStart + 1 };
}

function skipWhitespace(text: string, from: number): number {
  let i = from;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) i += 1;
    else return i;
  }
}

function scanString(text: string, start: number): number | JsonSyntaxError {
  let i = start + 1;
  for (;;) {
    if (i >= text.length) return { offset: start, reason: "a string starts here but never ends" };
    const c = text.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return { offset: i, reason: `raw control character ${showChar(text, i)} inside a string; write it escaped (\\n, \\t, \\u00XX)` };
    if (c === 0x5c /* \ */) {
      const e = text[i + 1];
      if (e === "u") {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return { offset: i, reason: `invalid \\u escape, expected four hex digits` };
        i += 6;
      } else if (e !== undefined && `"\\/bfnrt`.includes(e)) {
        i += 2;
      } else {
        return { offset: i, reason: `invalid escape ${JSON.stringify(`\\${e ?? ""}`)} in a string` };
      }
    } else {
      i += 1;
    }
  }
}

function scanNumber(text: string, start: number): number | JsonSyntaxError {
  const match = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
  match.lastIndex = start;
  const m = match.exec(text);
  if (!m || m[0] === "-") return { offset: start, reason: `invalid number` };
  const end = start + m[0].length;
  // A dangling "." or "e" means a cut-off number, not a number followed by junk.
  const next = text[end];
  if (next === "." || next === "e" || next === "E") return { offset: end, reason: `invalid number` };
  return end;
}

function showChar(text: string, at: number): string {
  const code = text.codePointAt(at) ?? 0;
  if (code < 0x20 || code === 0x7f) return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
  return JSON.stringify(String.fromCodePoint(code));
}
