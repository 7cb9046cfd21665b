/**
 * Reads back the block-YAML subset render-yaml writes (mappings, sequences, plain, single- and
 * double-quoted scalars, [] and {}), for tests. Independent of the writer's code so a layout or
 * quoting slip shows up as a parse difference; it throws on anything outside the subset.
 */
type Line = { indent: number; text: string };

const KEY = /^('(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_]*):(?: (.*))?$/;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

export function readBlockYaml(text: string): unknown {
  const lines: Line[] = text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => ({ indent: line.length - line.trimStart().length, text: line.trimStart() }));
  let position = 0;
  const current = (): Line | undefined => lines[position];

  const isItem = (line: Line | undefined, indent: number): boolean =>
    line !== undefined && line.indent === indent && (line.text === "-" || line.text.startsWith("- "));

  function readNode(indent: number): unknown {
    return isItem(current(), indent) ? readSequence(indent) : readMapping(indent);
  }

  function readSequence(indent: number): unknown[] {
    const items: unknown[] = [];
    while (isItem(current(), indent)) {
      const rest = (current() as Line).text.slice(2);
      if (KEY.test(rest)) {
        // "- key: value" opens a mapping whose keys sit two columns in.
        lines[position] = { indent: indent + 2, text: rest };
        items.push(readMapping(indent + 2));
      } else {
        position++;
        items.push(readScalar(rest));
      }
    }
    return items;
  }

  function readMapping(indent: number): Record<string, unknown> {
    const mapping: Record<string, unknown> = {};
    for (let line = current(); line !== undefined && line.indent === indent && !isItem(line, indent); line = current()) {
      const match = KEY.exec(line.text);
      if (match === null) throw new Error(`not a "key: value" line: ${line.text}`);
      const rawKey = match[1] as string;
      const key = rawKey.startsWith("'") ? rawKey.slice(1, -1).replaceAll("''", "'") : rawKey;
      if (key in mapping) throw new Error(`duplicate key ${key}`);
      position++;
      const value = match[2];
      if (value !== undefined && value !== "") {
        mapping[key] = readScalar(value);
        continue;
      }
      const next = current();
      if (isItem(next, indent)) mapping[key] = readSequence(indent);
      else if (next !== undefined && next.indent > indent) mapping[key] = readNode(next.indent);
      else mapping[key] = null;
    }
    return mapping;
  }

  const result = readNode(0);
  if (position !== lines.length) throw new Error(`unread line: ${(current() as Line).text}`);
  return result;
}

function readScalar(text: string): unknown {
  if (text.startsWith('"')) return JSON.parse(text);
  if (text.startsWith("'")) return text.slice(1, -1).replaceAll("''", "'");
  if (text === "[]") return [];
  if (text === "{}") return {};
  if (text === "true") return true;
  if (text === "false") return false;
  if (text === "null") return null;
  if (NUMBER.test(text)) return Number(text);
  if (/[:#]|^[-?*&!|>%@`]/.test(text)) throw new Error(`plain scalar a YAML reader would not take as a string: ${text}`);
  return text;
}
