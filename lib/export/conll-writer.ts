import { assertExportableRecord, SPLITS, type ExportRecord, type ExportRecordSource, type Split } from "@/lib/export/export-record";
import type { ExportFilePiece } from "@/lib/export/export-stream";
import { LineBatcher } from "@/lib/export/line-batcher";
import { recordedConllBlank, recordedConllSeparator, spanTokenTags } from "@/lib/export/span-token-tags";
import { writeConll } from "@/lib/spans/conll";

/**
 * CoNLL BIO export of a spans project (writer version 1): one token per line, the token, a tab,
 * then its tag (`Redondo\tB-location`); `\n` after every line and one blank line after each item,
 * the last included; UTF-8, no BOM. An item imported from a CoNLL file whose columns were separated
 * by a space keeps the space. Items come in snapshot order and carry no id (plain CoNLL has no
 * place for one; JSONL and the Hugging Face folder have them). The lines are lib/spans/conll.ts's
 * writeConll, the counterpart of the CoNLL import's parser, one item at a time.
 *
 *   data.conll                                         (unsplit export)
 *   train.conll, validation.conll, test.conll          (split export; empty splits get no file)
 *
 * Tokens and tags come from lib/export/span-token-tags.ts: the item's recorded CoNLL tokens when it
 * was imported from CoNLL (the file comes back as it went in), else its Intl.Segmenter word tokens;
 * a token is cut where a span starts or ends inside it. Tags are `O`, `B-<type>` on an entity's first
 * token and `I-<type>` on the rest, so two adjacent entities of one type read `B-x B-x`. An item
 * with no token (whitespace only) has no lines at all, since a second blank line would not be an
 * empty sentence to most readers. Item-level labels are not written: CoNLL has no column for them.
 *
 * BIO is flat: an item whose spans overlap, or that has a span covering no token, is refused with
 * the spans named, rather than exported without them.
 */

export const CONLL_UNSPLIT_PATH = "data.conll";

export type ConllFolderOptions = {
  /** The project's entity types; a span of any other type is refused. */
  entityTypes: readonly string[];
  /** Whether the snapshot is split; then every record must carry its split. */
  split: boolean;
};

export async function* writeConllFolder(records: ExportRecordSource, options: ConllFolderOptions): AsyncGenerator<ExportFilePiece> {
  const known = new Set(options.entityTypes);
  const batchers = new Map<string, LineBatcher>();
  for await (const record of records) {
    const path = conllPathOf(record, options.split);
    let batcher = batchers.get(path);
    if (batcher === undefined) {
      batcher = new LineBatcher();
      batchers.set(path, batcher);
    }
    const chunk = batcher.add(conllSentence(record, known));
    if (chunk !== null) yield { path, chunk };
  }
  for (const path of [...SPLITS.map(splitPath), CONLL_UNSPLIT_PATH]) {
    const rest = batchers.get(path)?.drain();
    if (rest) yield { path, chunk: rest };
  }
}

function splitPath(split: Split): string {
  return `${split}.conll`;
}

function conllPathOf(record: ExportRecord, split: boolean): string {
  if (split) {
    if (record.split === undefined) throw new Error(`item "${record.id}" has no split but the export is split; every record of a split snapshot carries one.`);
    return splitPath(record.split);
  }
  if (record.split !== undefined) throw new Error(`item "${record.id}" has split "${record.split}" but the snapshot has no split settings.`);
  return CONLL_UNSPLIT_PATH;
}

/** One item's lines and the blank line after them; empty for an item with no token. */
export function conllSentence(record: ExportRecord, known: ReadonlySet<string>): string {
  assertExportableRecord(record);
  const spans = record.spans ?? [];
  for (const span of spans) {
    if (!known.has(span.label)) {
      throw new Error(
        `item "${record.id}" has a span of type "${span.label}", which is not an entity type of the project (${[...known].join(", ")}).`,
      );
    }
  }
  const { tagged, offsets, untagged } = spanTokenTags({ text: record.text, spans, metadata: record.metadata });
  if (untagged.length > 0) {
    const named = untagged.map((span) => `${span.start}..${span.end} ${span.label} ${JSON.stringify(Array.from(record.text).slice(span.start, span.end).join(""))}`);
    throw new Error(
      `item "${record.id}": CoNLL BIO tags are flat and cannot hold the span${untagged.length === 1 ? "" : "s"} ${named.join(", ")} ` +
        "(overlapping an earlier span, or covering no token); export this snapshot as JSONL or a Hugging Face folder, which keep every span.",
    );
  }
  if (offsets.length === 0) return "";
  return writeConll([{ text: record.text, tokens: offsets, spans: tagged, blank: recordedConllBlank(record.metadata) }], { separator: recordedConllSeparator(record.metadata) ?? "\t" });
}
