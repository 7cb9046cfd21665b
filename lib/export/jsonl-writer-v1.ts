import type { ExportRecord, ExportRecordSource } from "@/lib/export/export-record";
import { exportRecordToJson, writeJsonl, type JsonlKeyNames } from "@/lib/export/jsonl-writer";

/**
 * Writer version 1 of JSON Lines: the same lines as version 2 (jsonl-writer.ts) with camelCase
 * keys (decidedBy, notSure, promptVersion, createdAt, suggestionAction). Kept so snapshots whose
 * JSONL hash was recorded by it still reproduce byte for byte (lib/export/server/format-writers.ts).
 */
const CAMEL_CASE_KEYS: JsonlKeyNames = {
  decidedBy: "decidedBy",
  notSure: "notSure",
  promptVersion: "promptVersion",
  createdAt: "createdAt",
  suggestionAction: "suggestionAction",
};

export function writeJsonlV1(records: ExportRecordSource): AsyncGenerator<Uint8Array> {
  return writeJsonl(records, CAMEL_CASE_KEYS);
}

export function exportRecordToJsonV1(record: ExportRecord): string {
  return exportRecordToJson(record, CAMEL_CASE_KEYS);
}
