// Which parser reads an uploaded item file: the lead's explicit choice, else the file extension.
import { parseCsvItems, parseJsonlItems, type ItemImport } from "./items";
import type { ItemOptions } from "./item-checker";
import type { ByteSource, ReadOptions } from "./utf8-lines";

export const ITEM_FILE_FORMATS = ["jsonl", "csv", "tsv"] as const;
export type ItemFileFormat = (typeof ITEM_FILE_FORMATS)[number];

export function itemFileFormat(fileName: string, explicit?: string): ItemFileFormat {
  if (explicit) {
    if ((ITEM_FILE_FORMATS as readonly string[]).includes(explicit)) return explicit as ItemFileFormat;
    throw new Error(`unknown format "${explicit}": use one of ${ITEM_FILE_FORMATS.join(", ")}`);
  }
  const ext = fileName.toLowerCase().split(".").pop() ?? "";
  if (ext === "jsonl" || ext === "ndjson") return "jsonl";
  if (ext === "csv") return "csv";
  if (ext === "tsv" || ext === "tab") return "tsv";
  throw new Error(`cannot tell the format of "${fileName}" from its extension: name it .jsonl, .csv or .tsv, or pass the format`);
}

export function parseItemFile(
  source: ByteSource,
  format: ItemFileFormat,
  options: ItemOptions & ReadOptions & { maxProblems?: number },
): Promise<ItemImport> {
  if (format === "jsonl") return parseJsonlItems(source, options);
  // TSV exports rarely quote fields and often contain bare quotes inside texts.
  return parseCsvItems(source, format === "tsv" ? { ...options, delimiter: "\t", quote: null } : options);
}
