import { murmurHash3 } from "@/lib/active-learning/murmur-hash";

/**
 * Hashed features of each token of a sentence for the span model: the lower-cased word, its
 * prefixes and suffixes of 1 to 3 characters, its shape ("Xxxx" → "Xx", "@user" → "@x"), a few
 * flags, and the lower-cased words and shapes of its neighbours. Noisy user text (tweets) is what
 * WNUT-like data looks like, so `@`, `#` and URLs get their own flags. Every feature name is hashed
 * into 2^bits buckets; a sentence becomes one flat Int32Array with `FEATURES_PER_TOKEN` indices
 * per token, computed once and reused by every retrain.
 */

export const FEATURES_PER_TOKEN = 22;

export const DEFAULT_FEATURE_BITS = 20;

/** "McDonald's" → "XxXx'x": runs of the same character class collapse to one. */
export function wordShape(word: string): string {
  let shape = "";
  for (const character of word) {
    const kind = /\p{Lu}/u.test(character) ? "X" : /\p{Ll}/u.test(character) ? "x" : /\p{N}/u.test(character) ? "d" : /\p{L}/u.test(character) ? "L" : character;
    if (!shape.endsWith(kind)) shape += kind;
  }
  return shape;
}

export function tokenFeatureNames(words: readonly string[], index: number): string[] {
  const word = words[index]!;
  const lower = word.toLowerCase();
  const characters = Array.from(lower);
  const prefix = (n: number) => characters.slice(0, n).join("");
  const suffix = (n: number) => characters.slice(-n).join("");
  const neighbour = (offset: number) => {
    const other = words[index + offset];
    return other === undefined ? (offset < 0 ? "<s>" : "</s>") : other.toLowerCase();
  };
  const neighbourShape = (offset: number) => {
    const other = words[index + offset];
    return other === undefined ? "-" : wordShape(other);
  };
  return [
    "bias",
    `w=${lower}`,
    `p1=${prefix(1)}`,
    `p2=${prefix(2)}`,
    `p3=${prefix(3)}`,
    `s1=${suffix(1)}`,
    `s2=${suffix(2)}`,
    `s3=${suffix(3)}`,
    `shape=${wordShape(word)}`,
    `title=${/^\p{Lu}\p{Ll}/u.test(word)}`,
    `upper=${word.length > 1 && word === word.toUpperCase() && /\p{L}/u.test(word)}`,
    `digit=${/\p{N}/u.test(word)}`,
    `kind=${word.startsWith("@") ? "mention" : word.startsWith("#") ? "hashtag" : /^https?:|^www\./i.test(word) ? "url" : "word"}`,
    `first=${index === 0}`,
    `w-1=${neighbour(-1)}`,
    `w+1=${neighbour(1)}`,
    `w-2=${neighbour(-2)}`,
    `w+2=${neighbour(2)}`,
    `shape-1=${neighbourShape(-1)}`,
    `shape+1=${neighbourShape(1)}`,
    `w-1|w=${neighbour(-1)}|${lower}`,
    `w|w+1=${lower}|${neighbour(1)}`,
  ];
}

export function sentenceFeatures(words: readonly string[], bits = DEFAULT_FEATURE_BITS): Int32Array {
  const mask = 2 ** bits - 1;
  const features = new Int32Array(words.length * FEATURES_PER_TOKEN);
  for (let index = 0; index < words.length; index++) {
    tokenFeatureNames(words, index).forEach((name, slot) => {
      features[index * FEATURES_PER_TOKEN + slot] = murmurHash3(name) & mask;
    });
  }
  return features;
}
