import { TokenizedText } from "@/lib/spans/tokens";
import { beginTag, insideTag } from "./bio-tags";
import { sentenceFeatures } from "./token-features";

/**
 * An item's text as the span model sees it: the word tokens the annotator's page snaps to
 * (lib/spans/tokens.ts, Intl.Segmenter), their hashed features, and, for an item with settled
 * spans, one BIO tag per token. Offsets are code points, end exclusive, as spans are stored.
 */

export interface SpanOnText {
  readonly start: number;
  readonly end: number;
  readonly label: string;
}

export interface ItemSentence {
  readonly tokenized: TokenizedText;
  /** FEATURES_PER_TOKEN hashed feature indices per token. */
  readonly features: Int32Array;
}

export function itemSentence(text: string, bits: number): ItemSentence {
  const tokenized = new TokenizedText(text);
  return { tokenized, features: sentenceFeatures(tokenized.tokens.map((token) => token.text), bits) };
}

/** Index of the first token whose end lies after `codePoint` (the token count when none does). */
function firstTokenEndingAfter(ends: Int32Array, codePoint: number): number {
  let low = 0;
  let high = ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (ends[middle]! > codePoint) high = middle;
    else low = middle + 1;
  }
  return low;
}

/**
 * BIO tags of the tokens for a set of spans: a span is B on the first token it touches and I on
 * the others. BIO is flat, so where spans overlap (a project that allows it) the earlier span wins
 * (longer first at the same start) and a span that would share a token with it is left out. A
 * span of a type outside `types` (an item-level label, say) and one touching no token are left out.
 */
export function spanTags(tokenized: TokenizedText, spans: readonly SpanOnText[], types: readonly string[]): Int32Array {
  const tags = new Int32Array(tokenized.tokens.length);
  const ends = Int32Array.from(tokenized.tokens, (token) => token.end);
  const typeIndex = new Map(types.map((type, index) => [type, index]));
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const span of ordered) {
    const type = typeIndex.get(span.label);
    if (type === undefined) continue;
    const first = firstTokenEndingAfter(ends, span.start);
    let last = first;
    while (last < tokenized.tokens.length && tokenized.tokens[last]!.start < span.end) last++;
    if (last === first) continue;
    let free = true;
    for (let token = first; token < last && free; token++) free = tags[token] === 0;
    if (!free) continue;
    tags[first] = beginTag(type);
    for (let token = first + 1; token < last; token++) tags[token] = insideTag(type);
  }
  return tags;
}
