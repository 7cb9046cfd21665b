/**
 * A small block-style YAML writer for dataset-card front matter, in the layout the Hugging Face Hub
 * writes itself (sequences flush with their key, two-space indent for mappings). Mapping order is
 * insertion order, so callers control it and the output is deterministic.
 *
 * Strings are written plain only when every YAML 1.1 and 1.2 reader takes them back as the same
 * string (so `n<1K` and `text-classification` stay plain, while `yes`, `2024-01-01`, `0x1F` and
 * anything with spaces or punctuation are double-quoted with JSON escapes).
 */
export type YamlScalar = string | number | boolean | null;
export type YamlValue = YamlScalar | YamlValue[] | YamlMapping;
export type YamlMapping = { [key: string]: YamlValue };

export function renderYaml(mapping: YamlMapping): string {
  return renderMapping(mapping, 0).map((line) => `${line}\n`).join("");
}

function renderMapping(mapping: YamlMapping, indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const [key, value] of Object.entries(mapping)) {
    const head = `${pad}${yamlKey(key)}:`;
    if (Array.isArray(value)) {
      if (value.length === 0) lines.push(`${head} []`);
      else lines.push(head, ...renderSequence(value, indent));
    } else if (isMapping(value)) {
      if (Object.keys(value).length === 0) lines.push(`${head} {}`);
      else lines.push(head, ...renderMapping(value, indent + 2));
    } else {
      lines.push(`${head} ${yamlScalar(value)}`);
    }
  }
  return lines;
}

function renderSequence(items: YamlValue[], indent: number): string[] {
  const pad = " ".repeat(indent);
  const lines: string[] = [];
  for (const item of items) {
    if (Array.isArray(item) || isMapping(item)) {
      const nested = Array.isArray(item) ? renderSequence(item, indent + 2) : renderMapping(item, indent + 2);
      if (nested.length === 0) {
        lines.push(`${pad}- ${Array.isArray(item) ? "[]" : "{}"}`);
        continue;
      }
      // The first nested line shares the dash's line: "- name: text".
      lines.push(`${pad}- ${(nested[0] as string).slice(indent + 2)}`, ...nested.slice(1));
    } else {
      lines.push(`${pad}- ${yamlScalar(item)}`);
    }
  }
  return lines;
}

function isMapping(value: YamlValue): value is YamlMapping {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const PLAIN_KEY = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PLAIN_STRING = /^[A-Za-z0-9_][A-Za-z0-9_.\/<>+-]*$/;
// Words YAML 1.1 reads as booleans or null.
const RESERVED_WORDS = /^(?:y|n|yes|no|on|off|true|false|null)$/i;
// Starting with a digit is safe only with a letter that no number, date or 0x/0o/0b literal uses.
const NUMBER_LIKE = /^(?:[0-9][0-9_.:+-]*(?:[eE][+-]?[0-9]+)?|0[xXoObB].*)$/;
// YAML double-quoted scalars must escape what YAML deems non-printable, which JSON leaves alone.
const YAML_UNPRINTABLE = /[\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]/g;

function yamlKey(key: string): string {
  if (PLAIN_KEY.test(key) && !RESERVED_WORDS.test(key)) return key;
  return `'${key.replaceAll("'", "''")}'`;
}

function yamlScalar(value: YamlScalar): string {
  if (value === null) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`YAML front matter cannot hold ${value}.`);
    return String(value);
  }
  if (PLAIN_STRING.test(value) && !RESERVED_WORDS.test(value) && !NUMBER_LIKE.test(value)) return value;
  return JSON.stringify(value).replace(
    YAML_UNPRINTABLE,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
