// Which parser reads an annotation file: rows (JSONL, CSV, TSV) or a Label Studio JSON export.
import { parseAnnotationRows, type AnnotationFieldNames, type AnnotationImport } from "./annotation-rows";
import { parseLabelStudioExport, type LabelStudioImport } from "./label-studio";
import type { ByteSource } from "./utf8-lines";

export const ANNOTATION_FILE_FORMATS = ["jsonl", "csv", "tsv", "label-studio"] as const;
export type AnnotationFileFormat = (typeof ANNOTATION_FILE_FORMATS)[number];

export function annotationFileFormat(fileName: string, explicit?: string): AnnotationFileFormat {
  if (explicit) {
    if ((ANNOTATION_FILE_FORMATS as readonly string[]).includes(explicit)) return explicit as AnnotationFileFormat;
    throw new Error(`unknown format "${explicit}": use one of ${ANNOTATION_FILE_FORMATS.join(", ")}`);
  }
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "csv") return "csv";
  if (ext === "tsv") return "tsv";
  if (ext === "json") return "label-studio";
  throw new Error(`cannot tell the format of "${fileName}": name it .jsonl, .csv, .tsv or .json (Label Studio), or pass the format`);
}

export type ParsedAnnotationFile = { kind: "rows"; parsed: AnnotationImport } | { kind: "label-studio"; parsed: LabelStudioImport };

export async function parseAnnotationFile(
  source: ByteSource,
  format: AnnotationFileFormat,
  options: { labels: readonly string[]; fields?: Partial<AnnotationFieldNames>; maxTextBytes?: number },
): Promise<ParsedAnnotationFile> {
  if (format === "label-studio") {
    return { kind: "label-studio", parsed: await parseLabelStudioExport(source, { labels: options.labels, maxTextBytes: options.maxTextBytes }) };
  }
  const rowFormat = format === "jsonl" ? { kind: "jsonl" as const } : format === "tsv" ? { kind: "csv" as const, delimiter: "\t", quote: null } : { kind: "csv" as const };
  return { kind: "rows", parsed: await parseAnnotationRows(source, rowFormat, { labels: options.labels, fields: options.fields }) };
}
