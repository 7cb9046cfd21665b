import { derivedItemId, itemContentHash } from "@/lib/import/content-hash";
import { type FieldResult, toExternalId, utf8ByteLength } from "@/lib/import/field-values";
import { type ImportLog, type RecordPlace, describeJsonType, formatCount, quoteValue } from "@/lib/import/import-log";

export interface ItemOptions {
  /** Field holding the text; "text" by default. */
  textField?: string;
  /**
   * Field holding the item's id; "id" by default. When no row has it, ids are derived from the
   * text (see `derivedItemId`); when some rows have it and others not, that is an error.
   */
  idField?: string;
  /** Longest text accepted, in UTF-8 bytes; 100,000 by default. */
  maxTextBytes?: number;
  /** Fields kept as metadata; by default every field other than the text and the id. */
  metadataFields?: readonly string[];
}

export interface ItemRecord {
  externalId: string;
  /** Exactly as in the file: never trimmed, normalised or escaped. */
  text: string;
  metadata: Record<string, unknown>;
  /** `itemContentHash(text)`, for de-duplication against items already stored. */
  contentHash: string;
  /** Where the record starts in the file (for Label Studio, where its task starts). */
  line: number;
}

export const DEFAULT_MAX_TEXT_BYTES = 100_000;

/** One item as read, before checking: `id` and `text` are undefined when the field is absent. */
export interface ItemCandidate {
  place: RecordPlace;
  id: unknown;
  text: unknown;
  metadata: Record<string, unknown>;
}

type IdMode = { kind: "explicit" | "derived"; firstPlace: RecordPlace };

/**
 * Checks items one by one across a whole file: text present and within the limit, ids present on
 * all rows or none, no id twice, and notes texts repeated from an earlier row.
 */
export class ItemChecker {
  private readonly maxTextBytes: number;
  private idMode: IdMode | null = null;
  private readonly placeOfId = new Map<string, RecordPlace>();
  private readonly placeOfText = new Map<string, RecordPlace>();
  /** How often each repeated text has been seen; texts seen once are not in it. */
  private readonly repeatsOfText = new Map<string, number>();

  constructor(
    private readonly log: ImportLog,
    /** How messages name the id and text fields, e.g. "id" or "data.text". */
    private readonly fieldNames: { id: string; text: string },
    options: { maxTextBytes?: number } = {},
  ) {
    this.maxTextBytes = options.maxTextBytes ?? DEFAULT_MAX_TEXT_BYTES;
    if (!(this.maxTextBytes > 0)) throw new Error(`maxTextBytes must be positive, got ${this.maxTextBytes}`);
  }

  /** Fixes the id mode before the first row, when a CSV header already tells whether ids exist. */
  expectIds(present: boolean, place: RecordPlace): void {
    this.idMode = { kind: present ? "explicit" : "derived", firstPlace: place };
  }

  check(candidate: ItemCandidate): ItemRecord | null {
    const { place } = candidate;
    const problemsBefore = this.log.problemCount;
    const text = this.checkText(place, candidate.text);
    const explicitId = this.checkId(place, candidate.id);
    if (text === null || this.log.problemCount > problemsBefore) return null;

    if (explicitId !== null) {
      const first = this.placeOfId.get(explicitId);
      if (first) {
        this.log.fieldProblem(place, this.fieldNames.id, `repeats id ${quoteValue(explicitId)} (first seen on ${first.label}); ids must be unique within a file`);
        return null;
      }
      this.placeOfId.set(explicitId, place);
    }

    const contentHash = itemContentHash(text);
    const earlier = this.placeOfText.get(contentHash);
    let occurrences = 1;
    if (earlier) {
      occurrences = (this.repeatsOfText.get(contentHash) ?? 1) + 1;
      this.repeatsOfText.set(contentHash, occurrences);
    } else {
      this.placeOfText.set(contentHash, place);
    }
    const externalId = explicitId ?? derivedItemId(contentHash, occurrences);
    if (earlier) {
      const idNote = explicitId === null ? `; it gets the id ${quoteValue(externalId)}` : "";
      this.log.recordWarning(place, `same text as ${earlier.label}${idNote}`, this.fieldNames.text);
    }
    return { externalId, text, metadata: candidate.metadata, contentHash, line: place.line };
  }

  private checkText(place: RecordPlace, value: unknown): string | null {
    const field = this.fieldNames.text;
    if (value === undefined) {
      this.log.fieldProblem(place, field, "is missing");
      return null;
    }
    if (typeof value !== "string") {
      this.log.fieldProblem(place, field, `must be a string, got ${describeJsonType(value)}`);
      return null;
    }
    if (value.trim() === "") {
      this.log.fieldProblem(place, field, "is empty");
      return null;
    }
    // UTF-8 takes at least one byte and at most three per UTF-16 unit: count only when it matters.
    if (value.length > this.maxTextBytes || (value.length * 3 > this.maxTextBytes && utf8ByteLength(value) > this.maxTextBytes)) {
      this.log.fieldProblem(
        place,
        field,
        `is ${formatCount(utf8ByteLength(value))} bytes long, over the ${formatCount(this.maxTextBytes)}-byte limit; shorten or split the text, or raise maxTextBytes`,
      );
      return null;
    }
    return value;
  }

  /** The explicit id, or null when ids are derived (or the id is wrong, which is reported). */
  private checkId(place: RecordPlace, value: unknown): string | null {
    const field = this.fieldNames.id;
    const present = value !== undefined && value !== null;
    if (this.idMode === null) this.idMode = { kind: present ? "explicit" : "derived", firstPlace: place };
    const mode = this.idMode;
    if (mode.kind === "derived") {
      if (present) {
        this.log.fieldProblem(
          place,
          field,
          `is present, but ${mode.firstPlace.label} has no id; give every row an id, or none (ids are then derived from the text)`,
        );
      }
      return null;
    }
    if (!present) {
      const why = mode.firstPlace.line === place.line ? "every row needs one" : `every row needs one because ${mode.firstPlace.label} has one`;
      this.log.fieldProblem(place, field, `is ${value === null ? "null" : "missing"}; ${why}`);
      return null;
    }
    const id: FieldResult<string> = toExternalId(value);
    if (!id.ok) {
      this.log.fieldProblem(place, field, id.detail);
      return null;
    }
    return id.value;
  }
}

/** The metadata of a row: the chosen fields, or every field but the text and the id. */
export function pickMetadata(
  fields: Record<string, unknown>,
  exclude: readonly string[],
  keep: readonly string[] | undefined,
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const name of keep ?? Object.keys(fields)) {
    if (exclude.includes(name) || !Object.hasOwn(fields, name)) continue;
    // Assigning "__proto__" would replace the prototype; defining it keeps it plain data.
    if (name === "__proto__") Object.defineProperty(metadata, name, { value: fields[name], enumerable: true, writable: true, configurable: true });
    else metadata[name] = fields[name];
  }
  return metadata;
}
