// A CoNLL BIO file as items and spans (lib/spans/conll.ts reads the tags): each sentence an item
// whose text is its tokens joined with one space, with the token offsets and the file's column
// separator kept in the item's metadata under `conll`, so the CoNLL export writes the same tokens
// back (writeConll). Each sentence's entities are one annotation by the importing account: the
// file does not say who tagged it. Sentences have no ids, so ids are derived from the text
// (a repeated sentence gets the next derived id, as in any item file).
import { ImportLog, atLine } from "@/lib/import/import-log";
import { ItemChecker } from "@/lib/import/item-checker";
import type { SpanFileOptions, SpanImport } from "@/lib/import/span-import";
import { type ByteSource, readLineBlocks } from "@/lib/import/utf8-lines";
import { type ConllSeparator, type TokenOffsets, parseConll } from "@/lib/spans/conll";

/** What an item imported from CoNLL keeps in `metadata.conll`. */
export interface ConllItemMetadata {
  tokens: TokenOffsets[];
  separator: ConllSeparator;
  /** The whitespace-only line that ended the sentence, when it was not empty (WNUT 2017's train file writes a tab). */
  blank?: string;
}

export const CONLL_METADATA_KEY = "conll";

export async function parseSpansConll(source: ByteSource, options: SpanFileOptions): Promise<SpanImport> {
  const log = new ImportLog(options.maxProblems);
  const parts: string[] = [];
  for await (const block of readLineBlocks(source, log, options)) {
    parts.push(block.text);
    for (const problem of block.invalidLines) log.addProblem(problem);
  }
  const parsed = parseConll(parts.join(""), { entityTypes: options.entityTypes });
  for (const problem of parsed.problems) log.addProblem(problem);
  for (const warning of parsed.warnings) log.addWarning(warning);
  const out: Pick<SpanImport, "items" | "annotations"> = { items: [], annotations: [] };
  if (!log.ok) return { ...log.report(), ...out };

  const checker = new ItemChecker(log, { id: "id", text: "tokens" }, options);
  for (const sentence of parsed.sentences) {
    const metadata: ConllItemMetadata = { tokens: sentence.tokens, separator: parsed.separator, ...(sentence.blank ? { blank: sentence.blank } : {}) };
    const item = checker.check({ place: atLine(sentence.line), id: undefined, text: sentence.text, metadata: { [CONLL_METADATA_KEY]: metadata } });
    if (item === null) continue;
    out.items.push(item);
    out.annotations.push({ externalId: item.externalId, annotator: options.defaultAnnotator, labels: [], spans: sentence.spans, notSure: false, line: sentence.line });
  }
  return { ...log.report(), ...out };
}
