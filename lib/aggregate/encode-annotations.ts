import { compareLabels } from "@/lib/aggregate/label-order";
import type { AnnotationRow } from "@/lib/aggregate/types";

/**
 * Annotation rows as integer codes, one entry per row in each typed array, so the aggregation
 * loops index flat arrays instead of hashing strings.
 */
export interface EncodedAnnotations {
  /** Item ids in order of first appearance in the rows. */
  items: string[];
  /** Annotator ids in label order (see `compareLabels`). */
  annotators: string[];
  /** Class labels in label order, or in the order the caller fixed. */
  classes: string[];
  itemIndex: Uint32Array;
  annotatorIndex: Uint32Array;
  classIndex: Uint32Array;
}

export interface EncodeOptions {
  /**
   * The full label set in the order results should use. Lets a class that nobody chose still get
   * a prior and a confusion-matrix row; every label in the rows must be listed.
   */
  classes?: readonly string[];
}

export function encodeAnnotations(rows: readonly AnnotationRow[], options: EncodeOptions = {}): EncodedAnnotations {
  const encoder = new AnnotationEncoder(options, rows.length);
  rows.forEach((row) => encoder.add(row.item, row.annotator, row.label));
  return encoder.finish();
}

/**
 * Encodes rows as they arrive, so a caller reading a large project in chunks never holds every
 * row as an object (half a million of them cost a major garbage collection that stalls a server).
 */
export class AnnotationEncoder {
  // Items seen since the last `closeItems`, by id; every item ever seen, in order, by index.
  private readonly itemIds = new Map<string, number>();
  private readonly itemNames: string[] = [];
  private readonly annotatorIds = new Map<string, number>();
  private readonly classIds = new Map<string, number>();
  private itemIndex: Uint32Array;
  private annotatorIndex: Uint32Array;
  private classIndex: Uint32Array;
  private length = 0;

  constructor(
    private readonly options: EncodeOptions = {},
    expectedRows = 1024,
  ) {
    options.classes?.forEach((label, index) => this.classIds.set(label, index));
    const capacity = Math.max(16, expectedRows);
    this.itemIndex = new Uint32Array(capacity);
    this.annotatorIndex = new Uint32Array(capacity);
    this.classIndex = new Uint32Array(capacity);
  }

  add(item: string, annotator: string, label: string): void {
    const rowNumber = this.length;
    if (rowNumber === this.itemIndex.length) this.grow();
    let itemId = this.itemIds.get(item);
    if (itemId === undefined) {
      itemId = this.itemNames.length;
      this.itemIds.set(item, itemId);
      this.itemNames.push(item);
    }
    this.itemIndex[rowNumber] = itemId;
    this.annotatorIndex[rowNumber] = idFor(this.annotatorIds, annotator);
    let classId = this.classIds.get(label);
    if (classId === undefined) {
      if (this.options.classes) {
        throw new Error(
          `Annotation row ${rowNumber} (item "${item}", annotator "${annotator}") has label "${label}", ` +
            `which is not in the given classes [${this.options.classes.join(", ")}]. Add it to the classes or fix the row.`,
        );
      }
      classId = idFor(this.classIds, label);
    }
    this.classIndex[rowNumber] = classId;
    this.length++;
  }

  /**
   * Promises that no item added so far comes again, so the encoder forgets their ids (their order
   * is kept). A caller reading item by item range calls it after each range: the id map then
   * stays the size of one range, where one map of every item of a 300,000-item project held the
   * server's event loop for 100–230 ms each time it grew (a rehash of every entry at once).
   * An item added again after this counts as a new item.
   */
  closeItems(): void {
    this.itemIds.clear();
  }

  finish(): EncodedAnnotations {
    const itemIndex = this.itemIndex.slice(0, this.length);
    const annotatorIndex = this.annotatorIndex.slice(0, this.length);
    const classIndex = this.classIndex.slice(0, this.length);
    const annotators = inSortedOrder(this.annotatorIds, annotatorIndex);
    const classes = this.options.classes ? [...this.options.classes] : inSortedOrder(this.classIds, classIndex);
    return { items: [...this.itemNames], annotators, classes, itemIndex, annotatorIndex, classIndex };
  }

  private grow(): void {
    const grown = (old: Uint32Array) => {
      const next = new Uint32Array(old.length * 2);
      next.set(old);
      return next;
    };
    this.itemIndex = grown(this.itemIndex);
    this.annotatorIndex = grown(this.annotatorIndex);
    this.classIndex = grown(this.classIndex);
  }
}

function idFor(ids: Map<string, number>, key: string): number {
  let id = ids.get(key);
  if (id === undefined) {
    id = ids.size;
    ids.set(key, id);
  }
  return id;
}

/** Renumbers first-appearance ids into label order, rewriting `codes` in place. */
function inSortedOrder(ids: Map<string, number>, codes: Uint32Array): string[] {
  const names = [...ids.keys()].sort(compareLabels);
  const renumber = new Uint32Array(ids.size);
  names.forEach((name, sortedId) => {
    renumber[ids.get(name) ?? 0] = sortedId;
  });
  for (let row = 0; row < codes.length; row++) codes[row] = renumber[codes[row] ?? 0] ?? 0;
  return names;
}
