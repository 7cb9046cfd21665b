// Which parser reads an item file for a spans project: the lead's explicit choice, else the
// extension. JSON Lines with character offsets, CoNLL BIO, or a Label Studio JSON export.
import type { SpanFileOptions, SpanImport } from "@/lib/import/span-import";
import { parseSpansConll } from "@/lib/import/spans-conll";
import { parseSpansJsonl } from "@/lib/import/spans-jsonl";
import { parseSpansLabelStudio } from "@/lib/import/spans-label-studio";
import type { ByteSource } from "@/lib/import/utf8-lines";

export const SPAN_FILE_FORMATS = ["jsonl", "conll", "label-studio"] as const;
export type SpanFileFormat = (typeof SPAN_FILE_FORMATS)[number];

export function spanFileFormat(fileName: string, explicit?: string): SpanFileFormat {
  if (explicit) {
    if ((SPAN_FILE_FORMATS as readonly string[]).includes(explicit)) return explicit as SpanFileFormat;
    throw new Error(`a spans project does not import the format "${explicit}": use one of ${SPAN_FILE_FORMATS.join(", ")}`);
  }
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "conll" || ext === "bio" || ext === "iob") return "conll";
  if (ext === "json") return "label-studio";
  throw new Error(`cannot tell the format of "${fileName}" from its extension: name it .jsonl, .conll (or .bio) or .json (Label Studio), or pass the format`);
}

export function parseSpanFile(source: ByteSource, format: SpanFileFormat, options: SpanFileOptions): Promise<SpanImport> {
  if (format === "conll") return parseSpansConll(source, options);
  if (format === "label-studio") return parseSpansLabelStudio(source, options);
  return parseSpansJsonl(source, options);
}
