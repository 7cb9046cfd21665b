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
  const itemIds = new Map<string, number>();
  const annotatorIds = new Map<string, number>();
  const classIds = new Map<string, number>();
  options.classes?.forEach((label, index) => classIds.set(label, index));

  const itemIndex = new Uint32Array(rows.length);
  const annotatorIndex = new Uint32Array(rows.length);
  const classIndex = new Uint32Array(rows.length);
  rows.forEach((row, rowNumber) => {
    itemIndex[rowNumber] = idFor(itemIds, row.item);
    annotatorIndex[rowNumber] = idFor(annotatorIds, row.annotator);
    let classId = classIds.get(row.label);
    if (classId === undefined) {
      if (options.classes) {
        throw new Error(
          `Annotation row ${rowNumber} (item "${row.item}", annotator "${row.annotator}") has label "${row.label}", ` +
            `which is not in the given classes [${options.classes.join(", ")}]. Add it to the classes or fix the row.`,
        );
      }
      classId = idFor(classIds, row.label);
    }
    classIndex[rowNumber] = classId;
  });

  const annotators = inSortedOrder(annotatorIds, annotatorIndex);
  const classes = options.classes ? [...options.classes] : inSortedOrder(classIds, classIndex);
  return { items: [...itemIds.keys()], annotators, classes, itemIndex, annotatorIndex, classIndex };
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
