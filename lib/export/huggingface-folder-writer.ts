import type { ExportRecord, ExportRecordSource, Split } from "@/lib/export/export-record";
import { SPLITS } from "@/lib/export/export-record";
import type { ExportFilePiece, FileDigest } from "@/lib/export/export-stream";
import { ExportSummary } from "@/lib/export/export-summary";
import { renderDatasetCard, type CardDataFile, type DatasetCardSnapshot } from "@/lib/export/huggingface-card";
import { HuggingFaceRowWriter } from "@/lib/export/huggingface-rows";
import { LineBatcher } from "@/lib/export/line-batcher";
import { assertSplitSettings } from "@/lib/export/stratified-split";

/**
 * A Hugging Face datasets folder in one pass over the records:
 *
 *   data/train.jsonl, data/validation.jsonl, data/test.jsonl   (split export; empty splits get no file)
 *   data/all.jsonl                                             (unsplit export, loaded as split "train")
 *   README.md                                                  (dataset card, always last)
 *
 * Records arrive in id order with their splits interleaved, so the writer yields pieces of several
 * files interleaved too: the sink appends each `chunk` to its `path`, opening a file on first use.
 * That keeps one pass and no buffering beyond one ~64 KiB chunk per file. Each file's bytes depend
 * only on the records (and their order), never on how pieces interleave, and README.md comes after
 * every data piece because it states their counts and hashes, taken with the injected digest.
 */

export const HUGGING_FACE_CARD_PATH = "README.md";
export const HUGGING_FACE_UNSPLIT_PATH = "data/all.jsonl";

export type HuggingFaceFolderOptions = {
  snapshot: DatasetCardSnapshot;
  /** A fresh digest per data file; createSha256Digest from content-hash.ts on the server. */
  createDigest: () => FileDigest;
};

type DataFileState = { hubSplit: string; path: string; examples: number; batcher: LineBatcher; digest: FileDigest };

export async function* writeHuggingFaceFolder(
  records: ExportRecordSource,
  options: HuggingFaceFolderOptions,
): AsyncGenerator<ExportFilePiece> {
  const { snapshot } = options;
  assertCardSnapshot(snapshot);
  const rows = new HuggingFaceRowWriter(snapshot.labelSet);
  const summary = new ExportSummary();
  const files = new Map<Split | "all", DataFileState>();
  const fileFor = (key: Split | "all"): DataFileState => {
    let state = files.get(key);
    if (state === undefined) {
      state = {
        hubSplit: key === "all" ? "train" : key,
        path: key === "all" ? HUGGING_FACE_UNSPLIT_PATH : `data/${key}.jsonl`,
        examples: 0,
        batcher: new LineBatcher(),
        digest: options.createDigest(),
      };
      files.set(key, state);
    }
    return state;
  };

  for await (const record of records) {
    const file = fileFor(fileKeyOf(record, snapshot.split !== undefined));
    const line = `${rows.row(record)}\n`;
    file.examples++;
    summary.add(record, file.hubSplit);
    const chunk = file.batcher.add(line);
    if (chunk !== null) {
      file.digest.update(chunk);
      yield { path: file.path, chunk };
    }
  }

  const dataFiles: CardDataFile[] = [];
  for (const key of [...SPLITS, "all"] as const) {
    const file = files.get(key);
    if (file === undefined) continue;
    const rest = file.batcher.drain();
    if (rest !== null) {
      file.digest.update(rest);
      yield { path: file.path, chunk: rest };
    }
    dataFiles.push({ split: file.hubSplit, path: file.path, examples: file.examples, ...file.digest.finish() });
  }
  const card = renderDatasetCard({ snapshot, summary, dataFiles });
  yield { path: HUGGING_FACE_CARD_PATH, chunk: new TextEncoder().encode(card) };
}

function fileKeyOf(record: ExportRecord, split: boolean): Split | "all" {
  if (split) {
    if (record.split === undefined) {
      throw new Error(
        `item "${record.id}" has no split but the export is split; assign splits with assignSplits() before writing.`,
      );
    }
    return record.split;
  }
  if (record.split !== undefined) {
    throw new Error(
      `item "${record.id}" has split "${record.split}" but the snapshot has no split settings; ` +
        "pass the split settings in the snapshot, or drop the splits.",
    );
  }
  return "all";
}

function assertCardSnapshot(snapshot: DatasetCardSnapshot): void {
  const { names, entityTypes } = snapshot.labelSet;
  if (entityTypes !== undefined && entityTypes.length === 0) throw new Error("the spans project has no entity types; its ner_tags ClassLabel needs at least one.");
  // A spans project may have no item-level labels: its rows then have no label column.
  if (names.length === 0 && entityTypes === undefined) throw new Error("the label set has no labels; a ClassLabel needs at least one name.");
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) {
      throw new Error(`label "${name}" appears twice in the label set; ClassLabel names must be unique.`);
    }
    seen.add(name);
  }
  if (snapshot.split !== undefined) assertSplitSettings(snapshot.split);
}
