// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { OFFSET_UNITS } from "@/lib/import/imported-spans";
import { ITEM_FILE_FORMATS } from "@/lib/import/item-file-format";
import { SPAN_FILE_FORMATS } from "@/lib/import/span-file-format";

// Item files of a classification project, and a spans project's files with their entities.
const IMPORT_FILE_FORMATS = [...new Set([...ITEM_FILE_FORMATS, ...SPAN_FILE_FORMATS])] as [string, ...string[]];

export const querySchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z
    .enum(IMPORT_FILE_FORMATS)
    .optional()
    .describe("jsonl, csv or tsv; a spans project reads jsonl, conll or label-studio. By default from the file's extension"),
  textField: z.string().min(1).max(200).default("text"),
  idField: z.string().min(1).max(200).default("id"),
  offsets: z
    .enum(OFFSET_UNITS)
    .optional()
    .describe("spans projects, JSONL: what the span offsets count; code-points (Python's convention) unless the file is declared utf-16"),
});
