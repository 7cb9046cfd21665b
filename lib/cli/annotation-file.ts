// Reads an `item, annotator, label` file for the agreement and aggregate commands.
import { createReadStream, existsSync } from "node:fs";
import { basename } from "node:path";
import { GoldsetError } from "@/lib/errors";
import { parseAnnotationRows, type AnnotationRow } from "@/lib/import/annotation-rows";
import { importFailure } from "@/lib/import/import-failure";

export async function readAnnotationFile(file: string, format?: string): Promise<AnnotationRow[]> {
  if (!existsSync(file)) throw new GoldsetError("not_found", `no such file: ${file}`);
  const kind = format ?? (/\.(jsonl|ndjson)$/i.test(file) ? "jsonl" : /\.tsv$/i.test(file) ? "tsv" : "csv");
  if (!["jsonl", "csv", "tsv"].includes(kind)) throw new GoldsetError("bad_request", `--format must be jsonl, csv or tsv, not "${kind}"`);
  const parsed = await parseAnnotationRows(
    createReadStream(file, { highWaterMark: 1 << 16 }),
    kind === "jsonl" ? { kind: "jsonl" } : kind === "tsv" ? { kind: "csv", delimiter: "\t", quote: null } : { kind: "csv" },
  );
  if (parsed.problemCount > 0) throw importFailure(basename(file), parsed);
  return parsed.annotations;
}
