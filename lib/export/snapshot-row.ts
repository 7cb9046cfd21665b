// What an export snapshot row stores beside its frozen records (db/schema-definition.ts types its
// JSON columns with these): the rules the lead made it with, and what it counted.
import type { DecidedBy } from "./export-record";
import type { SplitSettings } from "./stratified-split";

export type SnapshotRules = {
  decidedBy: DecidedBy[];
  minAnnotations: number;
  /**
   * The project's annotators per item when the snapshot was made, so its card can say how far the
   * minimum was lowered. Absent in snapshots made before it was recorded.
   */
  overlap?: number;
  split?: SplitSettings;
  includeAnnotations: boolean;
  license: string;
};

/**
 * The row is inserted with `{}` (its records need its id) and these are filled in before the same
 * transaction commits; the fields are optional for that first write, and readers default them.
 */
export type SnapshotCounts = {
  items?: number;
  decidedBy?: Record<string, number>;
  splits?: Record<string, number>;
  acceptedSuggestions?: number;
  /**
   * Items the rules took but a lead had excluded from exports when the snapshot was made, left
   * out of it. Absent in snapshots made before exclusions existed.
   */
  excluded?: number;
  /** The project's agreement when the snapshot was made (a figure is null where it is undefined). */
  agreement?: { krippendorff: number | null; fleiss: number | null; cohen: number | null; percent: number | null };
};
