import { type ImportLog, type RecordPlace, describeJsonType, formatCount, quoteValue } from "@/lib/import/import-log";

/** A converted field value, or what was wrong with it, phrased to follow `field "x" `. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; detail: string };

const MAX_ID_CHARS = 256;
const MAX_NAME_CHARS = 256;

function fail<T>(detail: string): FieldResult<T> {
  return { ok: false, detail };
}

/** Absent, null, or only whitespace: the same as a missing value in CSV, where every cell is a string. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

/** An item id: a non-empty string (kept as written) or a number, converted to its decimal string. */
export function toExternalId(value: unknown): FieldResult<string> {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) return fail(`must be a finite number, got ${value}`);
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return fail(`is a number too large to keep exactly (${value}); write the id as a string in quotes`);
    }
    return { ok: true, value: String(value) };
  }
  if (typeof value !== "string") return fail(`must be a string or a number, got ${describeJsonType(value)}`);
  if (value.trim() === "") return fail("is empty");
  if (value.length > MAX_ID_CHARS) return fail(`is ${formatCount(value.length)} characters long, over the ${MAX_ID_CHARS}-character limit for ids`);
  return { ok: true, value };
}

/** A person or model name (annotator, model, model version): a non-empty string or a number. */
export function toName(value: unknown): FieldResult<string> {
  if (typeof value === "number" && Number.isFinite(value)) return { ok: true, value: String(value) };
  if (typeof value !== "string") return fail(`must be a string, got ${describeJsonType(value)}`);
  const name = value.trim();
  if (name === "") return fail("is empty");
  if (name.length > MAX_NAME_CHARS) return fail(`is ${formatCount(name.length)} characters long, over the ${MAX_NAME_CHARS}-character limit`);
  return { ok: true, value: name };
}

const TRUE_WORDS = new Set(["true", "1", "yes", "y"]);
const FALSE_WORDS = new Set(["false", "0", "no", "n", ""]);

/** A flag: a JSON boolean, or in CSV true/false, 1/0, yes/no (any case); an empty cell is false. */
export function toFlag(value: unknown): FieldResult<boolean> {
  if (typeof value === "boolean") return { ok: true, value };
  if (value === undefined || value === null) return { ok: true, value: false };
  if (typeof value === "number" && (value === 0 || value === 1)) return { ok: true, value: value === 1 };
  if (typeof value === "string") {
    const word = value.trim().toLowerCase();
    if (TRUE_WORDS.has(word)) return { ok: true, value: true };
    if (FALSE_WORDS.has(word)) return { ok: true, value: false };
  }
  const shown = typeof value === "string" ? quoteValue(value) : describeJsonType(value);
  return fail(`must be true or false (or 1/0, yes/no), got ${shown}`);
}

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A model score: a number from 0 to 1, or its decimal text in CSV. */
export function toScore(value: unknown): FieldResult<number> {
  let score: number;
  if (typeof value === "number") score = value;
  else if (typeof value === "string" && NUMBER_TEXT.test(value.trim())) score = Number(value.trim());
  else {
    const shown = typeof value === "string" ? quoteValue(value) : describeJsonType(value);
    return fail(`must be a number from 0 to 1, got ${shown}`);
  }
  if (!Number.isFinite(score) || score < 0 || score > 1) return fail(`must be a number from 0 to 1, got ${score}`);
  return { ok: true, value: score };
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$/;

/**
 * An ISO 8601 date or date-time, returned in UTC as `Date#toISOString()` gives it. A date alone
 * means midnight UTC; a date-time must say its time zone, because guessing would shift every label
 * by the importer's offset. Fractions beyond milliseconds (Label Studio writes microseconds) are cut.
 */
export function toTimestamp(value: unknown): FieldResult<string> {
  const example = `expected an ISO 8601 date-time such as "2024-05-01T12:30:00Z"`;
  if (typeof value !== "string") return fail(`must be a date-time string, got ${describeJsonType(value)}; ${example}`);
  const m = TIMESTAMP.exec(value.trim());
  if (!m) return fail(`is not a date-time: ${quoteValue(value)}; ${example}`);
  const [, year, month, day, hour, minute, second, fraction, zone] = m;
  if (hour !== undefined && zone === undefined) {
    return fail(`has no time zone: ${quoteValue(value)}; add "Z" for UTC or an offset such as "+02:00"`);
  }
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour ?? 0);
  const mi = Number(minute ?? 0);
  const s = Number(second ?? 0);
  const ms = fraction === undefined ? 0 : Number(fraction.slice(0, 3).padEnd(3, "0"));
  const utc = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const check = new Date(utc);
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) {
    return fail(`is not a real date-time: ${quoteValue(value)}`);
  }
  return { ok: true, value: new Date(utc - zoneOffsetMs(zone)).toISOString() };
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === "Z" || zone === "z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0")) * 60_000;
}

/** The length of `text` in UTF-8 bytes, without encoding it. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

/** A field every row must fill in; reports "is missing" (JSONL) or "is empty" (CSV) otherwise. */
export function requiredField<T>(
  log: ImportLog,
  place: RecordPlace,
  field: string,
  value: unknown,
  convert: (value: unknown) => FieldResult<T>,
): T | null {
  if (isBlank(value)) {
    log.fieldProblem(place, field, value === undefined ? "is missing" : "is empty");
    return null;
  }
  const result = convert(value);
  if (!result.ok) {
    log.fieldProblem(place, field, result.detail);
    return null;
  }
  return result.value;
}

/** A field that may be left out or blank (null then); when filled in, it must convert. */
export function optionalField<T>(
  log: ImportLog,
  place: RecordPlace,
  field: string,
  value: unknown,
  convert: (value: unknown) => FieldResult<T>,
): T | null {
  if (isBlank(value)) return null;
  const result = convert(value);
  if (!result.ok) {
    log.fieldProblem(place, field, result.detail);
    return null;
  }
  return result.value;
}
