// Which writer produces each export format, by writer version. A format's bytes may change between
// Goldset releases (JSONL moved to snake_case keys, Label Studio gained completed_by and a labeling
// config), but a snapshot must always reproduce the hash it recorded, so the hash is recorded with
// the writer version that produced it and a re-export runs that same writer.
import "server-only";
import type { ExportRecordSource } from "@/lib/export/export-record";
import type { ExportFilePiece } from "@/lib/export/export-stream";
import { createSha256Digest } from "@/lib/export/content-hash";
import { writeJsonl } from "@/lib/export/jsonl-writer";
import { writeJsonlV1 } from "@/lib/export/jsonl-writer-v1";
import { writeCsv } from "@/lib/export/csv-writer";
import { writeLabelStudioFolder } from "@/lib/export/label-studio-writer";
import { writeLabelStudioJsonV1 } from "@/lib/export/label-studio-writer-v1";
import { writeHuggingFaceFolder } from "@/lib/export/huggingface-folder-writer";
import { writeConllFolder } from "@/lib/export/conll-writer";
import type { DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { GoldsetError } from "@/lib/errors";

export const EXPORT_FORMATS = ["jsonl", "csv", "hf", "label-studio", "conll"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Formats only a spans project has: token tags mean nothing for whole-item labels. */
export const SPANS_ONLY_FORMATS: readonly ExportFormat[] = ["conll"];

/**
 * The version new snapshots are written with. Bump it whenever a format's bytes change. The token
 * columns of a spans project's Hugging Face rows and the UTF-16 offsets of its Label Studio regions
 * came without a bump: they change only spans snapshots, and none was made by a release before them.
 */
export const CURRENT_WRITER_VERSIONS: Record<ExportFormat, number> = { jsonl: 2, csv: 1, hf: 1, "label-studio": 2, conll: 1 };

/** Refuses a format the project's task has no use for, before any work is queued or written. */
export function assertFormatFitsTask(format: ExportFormat, taskType: string): void {
  if (taskType !== "spans" && SPANS_ONLY_FORMATS.includes(format)) refuseForClassification(format);
}

function refuseForClassification(format: ExportFormat): never {
  throw new GoldsetError(
    "bad_request",
    `The ${format} format tags tokens with entity types, so only a spans project exports it; this project labels whole items. ` +
      "Export JSONL, CSV, a Hugging Face folder or Label Studio JSON instead.",
  );
}

async function* singleFile(path: string, chunks: AsyncIterable<Uint8Array>): AsyncGenerator<ExportFilePiece> {
  for await (const chunk of chunks) yield { path, chunk };
}

export function exportPieces({
  format,
  writerVersion,
  records,
  card,
}: {
  format: ExportFormat;
  writerVersion: number;
  records: ExportRecordSource;
  card: DatasetCardSnapshot;
}): AsyncGenerator<ExportFilePiece> {
  switch (`${format}@${writerVersion}`) {
    case "jsonl@1":
      return singleFile("data.jsonl", writeJsonlV1(records));
    case "jsonl@2":
      return singleFile("data.jsonl", writeJsonl(records));
    case "csv@1":
      return singleFile("data.csv", writeCsv(records, { spans: card.labelSet.entityTypes !== undefined }));
    case "label-studio@1":
      return singleFile("label-studio.json", writeLabelStudioJsonV1(records));
    case "label-studio@2":
      return writeLabelStudioFolder(records, { labelSet: card.labelSet });
    case "conll@1": {
      // The card of a classification snapshot has no entity types.
      const { entityTypes } = card.labelSet;
      if (entityTypes === undefined) return refuseForClassification(format);
      return writeConllFolder(records, { entityTypes, split: card.split !== undefined });
    }
    case "hf@1":
      return writeHuggingFaceFolder(records, { snapshot: card, createDigest: createSha256Digest });
  }
  throw new GoldsetError(
    "conflict",
    `This snapshot's ${format} export was recorded by writer version ${writerVersion}, which this version of Goldset does not have ` +
      `(it has ${format} writer versions up to ${CURRENT_WRITER_VERSIONS[format]}); export it with the Goldset release that made it.`,
  );
}
