// JSON Lines of items with their entities, character offsets in code points (Goldset's convention,
// docs/decisions/0009-span-offsets.md; Python's `text[start:end]`):
//   {"id": "t1", "text": "Paris in May", "spans": [{"start": 0, "end": 5, "label": "location"}]}
// `id` is optional as in any item file (ids are then derived from the text); `spans` is optional (a
// line without it is an item to label, `[]` says the item has no entities); `annotator` names who
// marked them (else the importing account); other fields are kept as metadata. A file counted in
// JavaScript's UTF-16 units is declared by the import's `offsets=utf-16` option, never guessed.
import { toName } from "@/lib/import/field-values";
import { ImportLog, atLine } from "@/lib/import/import-log";
import { readSpanList } from "@/lib/import/imported-spans";
import { ItemChecker, pickMetadata } from "@/lib/import/item-checker";
import { readImportRowBatches } from "@/lib/import/import-rows";
import type { SpanFileOptions, SpanImport } from "@/lib/import/span-import";
import type { ByteSource } from "@/lib/import/utf8-lines";

const RESERVED = ["id", "text", "spans", "annotator"];

export async function parseSpansJsonl(source: ByteSource, options: SpanFileOptions): Promise<SpanImport> {
  const log = new ImportLog(options.maxProblems);
  const checker = new ItemChecker(log, { id: "id", text: "text" }, options);
  const out: Pick<SpanImport, "items" | "annotations"> = { items: [], annotations: [] };
  const rows = readImportRowBatches(source, { kind: "jsonl" }, log, options.onProgress ? { onProgress: options.onProgress } : {}, (row) => {
    const place = atLine(row.line);
    const problemsBefore = log.problemCount;
    const item = checker.check({ place, id: row.fields.id, text: row.fields.text, metadata: pickMetadata(row.fields, RESERVED, undefined) });
    let annotator = options.defaultAnnotator;
    if (row.fields.annotator !== undefined && row.fields.annotator !== null) {
      const named = toName(row.fields.annotator);
      if (named.ok) annotator = named.value;
      else log.fieldProblem(place, "annotator", named.detail);
    }
    if (item === null || log.problemCount > problemsBefore) return null;
    if (row.fields.spans === undefined) return { item, annotation: null };
    const spans = readSpanList(log, place, "spans", row.fields.spans, item.text, options, options.offsetUnit);
    if (spans === null) return null;
    return { item, annotation: { externalId: item.externalId, annotator, labels: [], spans, notSure: false, line: row.line } };
  });
  for await (const batch of rows) {
    for (const { item, annotation } of batch) {
      out.items.push(item);
      if (annotation) out.annotations.push(annotation);
    }
  }
  return { ...log.report(), ...out };
}
