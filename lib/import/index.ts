// The import module's public surface: pure parsers and validators for everything Goldset imports.
// Callers hand in bytes (the CLI reads files, the browser reads File objects) and get records
// plus every problem found, each naming its line and field.

export type { AnnotationFieldNames, AnnotationImport, AnnotationRow, AnnotationRowOptions } from "@/lib/import/annotation-rows";
export { DEFAULT_ANNOTATION_FIELDS, parseAnnotationRows, readAnnotationBatches } from "@/lib/import/annotation-rows";
export { derivedItemId, itemContentHash } from "@/lib/import/content-hash";
export type { CsvDialect } from "@/lib/import/csv-records";
export type { ImportProblem, ImportReport, RecordPlace } from "@/lib/import/import-log";
export { DEFAULT_MAX_LISTED_PROBLEMS, ImportLog } from "@/lib/import/import-log";
export type { ImportFormat } from "@/lib/import/import-rows";
export { LabelVocabulary, readLabelList } from "@/lib/import/imported-labels";
export type { ItemOptions, ItemRecord } from "@/lib/import/item-checker";
export { DEFAULT_MAX_TEXT_BYTES } from "@/lib/import/item-checker";
export type { ItemImport } from "@/lib/import/items";
export { parseCsvItems, parseJsonlItems, readItemBatches } from "@/lib/import/items";
export type { LabelDefinitionInput, LabelDefinitionProblem } from "@/lib/import/label-definitions";
export { LABEL_NAME_MAX_CHARS, labelNameKey, labelNameProblem, validateLabelDefinitions } from "@/lib/import/label-definitions";
export type { LabelStudioImport, LabelStudioOptions } from "@/lib/import/label-studio";
export { parseLabelStudioExport } from "@/lib/import/label-studio";
export type { PredictionFieldNames, PredictionImport, PredictionRow, PredictionRowOptions } from "@/lib/import/prediction-rows";
export { DEFAULT_PREDICTION_FIELDS, parsePredictionRows, readPredictionBatches } from "@/lib/import/prediction-rows";
export { sha256Hex } from "@/lib/import/sha256";
export { streamChunks } from "@/lib/import/stream-chunks";
export type { ByteSource, ReadOptions } from "@/lib/import/utf8-lines";
