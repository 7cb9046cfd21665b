/**
 * The 1-based line on which each element of a top-level JSON array starts, found by one pass over
 * the text. JSON.parse keeps no positions, and a problem in a 40 MB export is only actionable
 * with a line number. Assumes `text` is valid JSON (it runs after a successful parse).
 */
export function arrayElementLines(text: string): number[] {
  const lines: number[] = [];
  let line = 1;
  let depth = 0;
  let expectingElement = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line += 1;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d) continue;
    if (depth === 1 && expectingElement && c !== 0x5d) {
      lines.push(line);
      expectingElement = false;
    }
    if (c === 0x22) {
      i = endOfString(text, i);
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth === 1) expectingElement = true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    } else if (c === 0x2c && depth === 1) {
      expectingElement = true;
    }
  }
  return lines;
}

/** Index of the closing quote of the string opening at `start`; strings hold no raw line breaks. */
function endOfString(text: string, start: number): number {
  let i = start + 1;
  for (;;) {
    const quote = text.indexOf('"', i);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; k > start && text.charCodeAt(k) === 0x5c; k -= 1) backslashes += 1;
    if (backslashes % 2 === 0) return quote;
    i = quote + 1;
  }
}
