// What every span file parser hands the server: the items, and the spans they come with as
// annotations (the existing annotation import stores them, db/queries/annotation-import.ts).
import type { AnnotationRow } from "@/lib/import/annotation-rows";
import type { ImportReport } from "@/lib/import/import-log";
import type { ItemRecord } from "@/lib/import/item-checker";
import type { OffsetUnit, SpanImportRules } from "@/lib/import/imported-spans";
import type { ReadOptions } from "@/lib/import/utf8-lines";

export interface SpanImport extends ImportReport {
  items: ItemRecord[];
  /** One per record that gives spans (an empty list is a record saying "no entities"). */
  annotations: AnnotationRow[];
}

export interface SpanFileOptions extends ReadOptions, SpanImportRules {
  /**
   * Who the annotations are by when the file does not say: the importing account's email. A CoNLL
   * file never says; a JSONL record may name an `annotator`, a Label Studio annotation its `completed_by`.
   */
  defaultAnnotator: string;
  maxTextBytes?: number;
  maxProblems?: number;
  /** What a JSONL file's offsets count; code points unless the file is declared UTF-16. */
  offsetUnit?: OffsetUnit;
}
