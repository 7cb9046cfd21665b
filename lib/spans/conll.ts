import { codePointLength } from "./offsets";
import type { Span } from "./span-set";

/**
 * CoNLL BIO files: one token per line, the token then its tag (`Redondo<TAB>B-location`), a blank
 * line after each sentence, `-DOCSTART-` lines between documents. Each sentence becomes one item.
 *
 * CoNLL records no whitespace, so an item's text is its tokens joined with one space, and the
 * token offsets are kept beside it (item metadata, lib/import/spans-conll.ts): `writeConll` re-emits
 * the same tokens from them, so a file imported and exported again comes back byte for byte
 * (the line after each sentence as it was, empty or whitespace only: WNUT 2017's train file ends
 * most sentences with a line holding one tab; one `\n` per line; the file's column separator;
 * -DOCSTART- lines, repeated blank lines and a `\r` before a line end are not kept).
 *
 * Tags are BIO: `O`, `B-<type>` opens an entity, `I-<type>` continues an entity of the same type.
 * An `I-` that opens a sentence, follows `O`, or follows another type is refused rather than
 * guessed at (the IOB1 reading would silently change entity boundaries).
 */

/** Token boundaries in the item text: code points, end exclusive (lib/spans/offsets.ts). */
export type TokenOffsets = readonly [start: number, end: number];

/** The column separator a CoNLL file uses between token and tag. */
export type ConllSeparator = "\t" | " ";

export interface ConllSentence {
  /** 1-based line of the sentence's first token. */
  line: number;
  /** The tokens joined with one space. */
  text: string;
  tokens: TokenOffsets[];
  /** Entities, in order, each covering whole tokens. */
  spans: Span[];
  /** The blank (or whitespace-only) line that ended the sentence, as written; null when the file ended it. */
  blank: string | null;
}

export interface ConllProblem {
  line: number;
  field?: "token" | "tag";
  message: string;
}

export interface ParsedConll {
  sentences: ConllSentence[];
  /** Tab when any token line uses a tab, else a space: what writeConll should use to give the file back. */
  separator: ConllSeparator;
  problems: ConllProblem[];
  warnings: ConllProblem[];
}

export interface ConllOptions {
  /** The project's entity types; a tag naming any other is a problem. All types are accepted when absent. */
  entityTypes?: readonly string[];
}

const TAG = /^([BI])-(.+)$/u;
const BLANK = /^\s*$/u;

interface PendingToken {
  text: string;
  tag: string;
  line: number;
}

export function parseConll(input: string, options: ConllOptions = {}): ParsedConll {
  const known = options.entityTypes ? new Set(options.entityTypes) : null;
  const sentences: ConllSentence[] = [];
  const problems: ConllProblem[] = [];
  const warnings: ConllProblem[] = [];
  let separator: ConllSeparator | null = null;
  let extraColumnsWarned = false;
  let pending: PendingToken[] = [];

  const finish = (blank: string | null) => {
    if (pending.length > 0) sentences.push(sentenceOf(pending, blank, known, problems));
    pending = [];
  };

  const lines = input.split("\n");
  // A final newline ends the last line; it does not start another one.
  if (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
  lines.forEach((raw, index) => {
    const line = index + 1;
    const text = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (BLANK.test(text)) return finish(text);
    if (text.startsWith("-DOCSTART-")) return finish("");
    const usesTab = text.includes("\t");
    if (usesTab) separator = "\t";
    else separator ??= " ";
    const columns = usesTab ? text.split("\t") : text.trim().split(/ +/u);
    if (columns.length < 2) {
      problems.push({ line, field: "tag", message: `line ${line}: ${JSON.stringify(text)} has no tag; write the token, a tab or space, then its tag` });
      return;
    }
    const token = columns[0]!;
    const tag = columns[columns.length - 1]!.trim();
    if (token === "") {
      problems.push({ line, field: "token", message: `line ${line}: the token is empty` });
      return;
    }
    if (columns.length > 2 && !extraColumnsWarned) {
      extraColumnsWarned = true;
      warnings.push({ line, message: `line ${line}: ${columns.length} columns; the first is read as the token, the last as its tag, and the others are not kept` });
    }
    pending.push({ text: token, tag, line });
  });
  finish(null);
  // Tags are checked when their sentence ends, after the line problems found on the way: file order.
  problems.sort((a, b) => a.line - b.line);
  if (sentences.length === 0 && problems.length === 0) problems.push({ line: 0, message: "the file holds no tokens" });
  return { sentences, separator: separator ?? "\t", problems, warnings };
}

function sentenceOf(tokens: readonly PendingToken[], blank: string | null, known: ReadonlySet<string> | null, problems: ConllProblem[]): ConllSentence {
  const offsets: TokenOffsets[] = [];
  const spans: Span[] = [];
  let at = 0;
  let open: Span | null = null;
  let previousTag = "O";
  for (const token of tokens) {
    const start = offsets.length === 0 ? 0 : at + 1;
    const end = start + codePointLength(token.text);
    offsets.push([start, end]);
    at = end;
    const problem = tagProblem(token.tag, previousTag, known);
    if (problem !== null) {
      problems.push({ line: token.line, field: "tag", message: `line ${token.line}: ${problem}` });
      open = null;
      previousTag = token.tag;
      continue;
    }
    previousTag = token.tag;
    const match = TAG.exec(token.tag);
    if (match === null) {
      open = null;
    } else if (match[1] === "B") {
      open = { start, end, label: match[2]! };
      spans.push(open);
    } else if (open !== null) {
      open.end = end;
    }
  }
  return { line: tokens[0]!.line, text: tokens.map((t) => t.text).join(" "), tokens: offsets, spans, blank };
}

function tagProblem(tag: string, previousTag: string, known: ReadonlySet<string> | null): string | null {
  if (tag === "O") return null;
  const match = TAG.exec(tag);
  if (match === null) return `tag ${JSON.stringify(tag)} is not O, B-<type> or I-<type>`;
  const type = match[2]!;
  if (match[1] === "I") {
    const previous = TAG.exec(previousTag);
    if (previous === null) return `tag ${JSON.stringify(tag)} continues an entity that was never opened; the entity's first token needs B-${type}`;
    if (previous[2] !== type) return `tag ${JSON.stringify(tag)} follows ${JSON.stringify(previousTag)}; a new entity of type "${type}" starts with B-${type}`;
    // The entity's type was checked on its B- token.
    return null;
  }
  if (known !== null && !known.has(type)) {
    return `tag ${JSON.stringify(tag)}: "${type}" is not an entity type of this project (types: ${[...known].join(", ") || "none"})`;
  }
  return null;
}

export interface ConllTags {
  tags: string[];
  /** Spans that do not start and end on token boundaries, or overlap an earlier span: BIO cannot say them exactly. */
  inexact: Span[];
}

/**
 * BIO tags of the tokens for a set of spans: a token inside a span is tagged with its type, `B-` on
 * the span's first token. A span cut inside a token still tags the tokens it touches, and a token
 * two spans share keeps the earlier span; both are returned in `inexact` so an export can say so.
 */
export function conllTags(tokens: readonly TokenOffsets[], spans: readonly Span[]): ConllTags {
  const tags = tokens.map(() => "O");
  const inexact: Span[] = [];
  const ordered = [...spans].sort((a, b) => a.start - b.start || a.end - b.end || a.label.localeCompare(b.label));
  for (const span of ordered) {
    const touched: number[] = [];
    tokens.forEach(([start, end], index) => {
      if (start < span.end && end > span.start) touched.push(index);
    });
    const first = touched[0];
    const last = touched[touched.length - 1];
    const aligned = first !== undefined && last !== undefined && tokens[first]![0] === span.start && tokens[last]![1] === span.end;
    const free = touched.every((index) => tags[index] === "O");
    if (!aligned || !free) inexact.push(span);
    if (!free) continue;
    touched.forEach((index, k) => {
      tags[index] = `${k === 0 ? "B" : "I"}-${span.label}`;
    });
  }
  return { tags, inexact };
}

export interface ConllWriteSentence {
  text: string;
  tokens: readonly TokenOffsets[];
  spans: readonly Span[];
  /** The line written after the sentence: empty when absent; null writes none (the file's last sentence had none). */
  blank?: string | null;
}

/** The CoNLL text of the sentences: `token<separator>tag` lines, a blank line (or the recorded one) after each sentence. */
export function writeConll(sentences: readonly ConllWriteSentence[], options: { separator?: ConllSeparator } = {}): string {
  const separator = options.separator ?? "\t";
  const out: string[] = [];
  for (const sentence of sentences) {
    const characters = Array.from(sentence.text);
    const { tags } = conllTags(sentence.tokens, sentence.spans);
    sentence.tokens.forEach(([start, end], index) => {
      out.push(`${characters.slice(start, end).join("")}${separator}${tags[index]}\n`);
    });
    if (sentence.blank !== null) out.push(`${sentence.blank ?? ""}\n`);
  }
  return out.join("");
}
