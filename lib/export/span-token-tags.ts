import { TextOffsets } from "@/lib/spans/offsets";
import { TokenizedText } from "@/lib/spans/tokens";
import type { ConllSeparator, TokenOffsets } from "@/lib/spans/conll";
import { tagSet } from "@/lib/active-learning/spans/bio-tags";
import { CONLL_METADATA_KEY } from "@/lib/import/spans-conll";

/**
 * The tokens and BIO tags of one spans item, for the token-level exports (CoNLL, and the `tokens`
 * and `ner_tags` of the Hugging Face folder).
 *
 * Tokens are the item's CoNLL tokens when its CoNLL import recorded them (so CoNLL -> Goldset ->
 * CoNLL gives back the same tokens), else the Intl.Segmenter word tokens of lib/spans/tokens.ts:
 * words, punctuation and symbols, never whitespace. A token is then cut wherever a span starts or
 * ends inside it (a character-level span such as "Kraft" in "Kraftwerk"), so every span covers
 * whole tokens and the tags say exactly the spans.
 *
 * BIO is flat: where spans overlap (projects that allow it), the span that starts first (the
 * longer on a tie) is tagged and the later one is returned in `untagged`, as is a span that covers
 * no token (whitespace only). The CoNLL export refuses such items; the Hugging Face folder keeps
 * every span in its `spans` column and says in its card that `ner_tags` hold the flat reading.
 */

export type TaggedSpan = { start: number; end: number; label: string };

export type SpanTokenTags = {
  /** The spans the tags hold: in order, none overlapping. */
  tagged: TaggedSpan[];
  /** Each token's code point offsets. */
  offsets: TokenOffsets[];
  /** Each token's text. */
  tokens: string[];
  /** Each token's tag: "O", "B-<type>" or "I-<type>". */
  tags: string[];
  /** Spans the flat tags cannot hold: overlapping an earlier span, or covering no token. */
  untagged: TaggedSpan[];
};

const WHITESPACE = /\s/u;
// What would break a CoNLL line or its columns. Other Unicode white space (U+FEFF, U+00A0) is kept
// inside a recorded token: WNUT 2017 has a token "Dubbz\uFEFF", and it must come back as it was.
const LINE_BREAKING = /[\t\n\r ]/u;

/** The `metadata.conll` the CoNLL import records on each item (lib/import/spans-conll.ts), unchecked. */
function recordedConll(metadata: Record<string, unknown> | undefined): Record<string, unknown> | null {
  const conll = metadata?.[CONLL_METADATA_KEY];
  return typeof conll === "object" && conll !== null && !Array.isArray(conll) ? (conll as Record<string, unknown>) : null;
}

/** The column separator of the CoNLL file an item was imported from, when it recorded a known one. */
export function recordedConllSeparator(metadata: Record<string, unknown> | undefined): ConllSeparator | null {
  const separator = recordedConll(metadata)?.separator;
  return separator === "\t" || separator === " " ? separator : null;
}

/**
 * The line the CoNLL file had after an item's sentence: whitespace only (WNUT 2017's train file
 * writes a tab), or "" (a plain blank line) when none was recorded. Every exported sentence gets one,
 * even a file's last (which may have had none): items need not come out in file order.
 */
export function recordedConllBlank(metadata: Record<string, unknown> | undefined): string {
  const blank = recordedConll(metadata)?.blank;
  return typeof blank === "string" && /^[\t ]*$/u.test(blank) ? blank : "";
}

/**
 * The recorded CoNLL tokens of an item (`metadata.conll.tokens`), when they fit the text: pairs of
 * whole numbers in order, inside the text, none empty or holding a tab, space or line break (a CoNLL
 * line could not say it). Metadata is whatever an import file carried, so anything else is ignored, not trusted.
 */
export function recordedTokenOffsets(offsets: TextOffsets, metadata: Record<string, unknown> | undefined): TokenOffsets[] | null {
  const recorded = recordedConll(metadata)?.tokens;
  if (!Array.isArray(recorded) || recorded.length === 0) return null;
  const tokens: TokenOffsets[] = [];
  let previousEnd = 0;
  for (const pair of recorded) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const [start, end] = pair as unknown[];
    if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
    const [s, e] = [start as number, end as number];
    if (s < previousEnd || e <= s || e > offsets.codePointCount) return null;
    if (LINE_BREAKING.test(offsets.slice(s, e))) return null;
    tokens.push([s, e]);
    previousEnd = e;
  }
  return tokens;
}

/** Intl.Segmenter word tokens; the rare one holding whitespace (a mark after a space) is cut around it. */
function segmenterTokenOffsets(tokenized: TokenizedText): TokenOffsets[] {
  const tokens: TokenOffsets[] = [];
  for (const token of tokenized.tokens) {
    if (!WHITESPACE.test(token.text)) {
      tokens.push([token.start, token.end]);
      continue;
    }
    let runStart: number | null = null;
    let at = token.start;
    for (const character of token.text) {
      if (WHITESPACE.test(character)) {
        if (runStart !== null) tokens.push([runStart, at]);
        runStart = null;
      } else runStart ??= at;
      at++;
    }
    if (runStart !== null) tokens.push([runStart, at]);
  }
  return tokens;
}

/** Spans in (start, longer first, label) order, split into those flat BIO tags keep and those overlapping a kept one. */
function flatSpans(spans: readonly TaggedSpan[]): { kept: TaggedSpan[]; overlapping: TaggedSpan[] } {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  const kept: TaggedSpan[] = [];
  const overlapping: TaggedSpan[] = [];
  let keptEnd = 0;
  for (const span of ordered) {
    if (kept.length > 0 && span.start < keptEnd) overlapping.push(span);
    else {
      kept.push(span);
      keptEnd = span.end;
    }
  }
  return { kept, overlapping };
}

/** Cuts tokens at every span boundary that falls strictly inside one. */
function cutAtBoundaries(tokens: readonly TokenOffsets[], spans: readonly TaggedSpan[]): TokenOffsets[] {
  const boundaries = [...new Set(spans.flatMap((span) => [span.start, span.end]))].sort((a, b) => a - b);
  const cut: TokenOffsets[] = [];
  let next = 0;
  for (const [start, end] of tokens) {
    while (next < boundaries.length && boundaries[next]! <= start) next++;
    let from = start;
    for (let index = next; index < boundaries.length && boundaries[index]! < end; index++) {
      cut.push([from, boundaries[index]!]);
      from = boundaries[index]!;
    }
    cut.push([from, end]);
  }
  return cut;
}

export function spanTokenTags({
  text,
  spans,
  metadata,
}: {
  text: string;
  spans: readonly TaggedSpan[];
  metadata?: Record<string, unknown>;
}): SpanTokenTags {
  const textOffsets = new TextOffsets(text);
  const base = recordedTokenOffsets(textOffsets, metadata) ?? segmenterTokenOffsets(new TokenizedText(text));
  const { kept, overlapping } = flatSpans(spans);
  const offsets = cutAtBoundaries(base, kept);
  const tags: string[] = offsets.map(() => "O");
  const untagged = [...overlapping];
  let index = 0;
  for (const span of kept) {
    while (index < offsets.length && offsets[index]![0] < span.start) index++;
    const first = index;
    while (index < offsets.length && offsets[index]![1] <= span.end) {
      tags[index] = `${index === first ? "B" : "I"}-${span.label}`;
      index++;
    }
    if (index === first) untagged.push(span);
  }
  untagged.sort((a, b) => a.start - b.start || a.end - b.end);
  const tagged = untagged.length === overlapping.length ? kept : kept.filter((span) => !untagged.includes(span));
  return { tagged, offsets, tokens: offsets.map(([start, end]) => textOffsets.slice(start, end)), tags, untagged };
}

/** The tag names of a project's entity types, in ClassLabel id order: O, then B-/I- per type in label order. */
export function bioTagNames(entityTypes: readonly string[]): readonly string[] {
  return tagSet(entityTypes).tags;
}
