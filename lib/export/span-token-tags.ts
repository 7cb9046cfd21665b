import { TextOffsets } from "@/lib/spans/offsets";
import { TokenizedText } from "@/lib/spans/tokens";
import { tagSet } from "@/lib/active-learning/spans/bio-tags";

/**
 * The tokens and BIO tags of one spans item, for the token-level exports (CoNLL, and the `tokens`
 * and `ner_tags` of the Hugging Face folder).
 *
 * Tokens are the item's CoNLL tokens when its CoNLL import recorded them (so CoNLL -> Goldset ->
 * CoNLL gives back the same tokens), else the Intl.Segmenter word tokens of lib/spans/tokens.ts:
 * words, punctuation and symbols, never whitespace. A token is then cut wherever a span starts or
 * ends inside it (a character-level span such as "Berlin" in "Berlin-based"), so every span covers
 * whole tokens and the tags say exactly the spans.
 *
 * BIO is flat: where spans overlap (projects that allow it), the span that starts first (the
 * longer on a tie) is tagged and the later one is returned in `untagged`, as is a span that covers
 * no token (whitespace only). The CoNLL export refuses such items; the Hugging Face folder keeps
 * every span in its `spans` column and says in its card that `ner_tags` hold the flat reading.
 */

/** Token boundaries in the item text: code points, end exclusive (docs/decisions/0009). */
export type TokenOffsets = readonly [start: number, end: number];

export type TaggedSpan = { start: number; end: number; label: string };

export type SpanTokenTags = {
  /** Each token's code point offsets. */
  offsets: TokenOffsets[];
  /** Each token's text. */
  tokens: string[];
  /** Each token's tag: "O", "B-<type>" or "I-<type>". */
  tags: string[];
  /** Spans the flat tags cannot hold: overlapping an earlier span, or covering no token. */
  untagged: TaggedSpan[];
};

/**
 * Item metadata key under which the CoNLL import records the token offsets of each sentence
 * (lib/import on branch helper-spans-import writes it): [[start, end], ...] in code points.
 */
export const CONLL_TOKENS_METADATA_KEY = "conll_tokens";

const WHITESPACE = /\s/u;

/**
 * The recorded CoNLL tokens of an item, when its metadata holds a list that fits the text: pairs of
 * whole numbers in order, inside the text, none empty or holding whitespace (a CoNLL line could not
 * say it). Metadata is whatever an import file carried, so anything else is ignored, not trusted.
 */
export function recordedTokenOffsets(offsets: TextOffsets, metadata: Record<string, unknown> | undefined): TokenOffsets[] | null {
  const recorded = metadata?.[CONLL_TOKENS_METADATA_KEY];
  if (!Array.isArray(recorded) || recorded.length === 0) return null;
  const tokens: TokenOffsets[] = [];
  let previousEnd = 0;
  for (const pair of recorded) {
    if (!Array.isArray(pair) || pair.length !== 2) return null;
    const [start, end] = pair as unknown[];
    if (!Number.isInteger(start) || !Number.isInteger(end)) return null;
    const [s, e] = [start as number, end as number];
    if (s < previousEnd || e <= s || e > offsets.codePointCount) return null;
    if (WHITESPACE.test(offsets.slice(s, e))) return null;
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
  return { offsets, tokens: offsets.map(([start, end]) => textOffsets.slice(start, end)), tags, untagged };
}

/** The tag names of a project's entity types, in ClassLabel id order: O, then B-/I- per type in label order. */
export function bioTagNames(entityTypes: readonly string[]): readonly string[] {
  return tagSet(entityTypes).tags;
}
