/**
 * How fast span selection is on a long item: segmenting a 100,000-character text once into tokens
 * (lib/spans/tokens.ts) and then snapping selections and finding tokens by binary search. Prints
 * one JSON line; asserts nothing about time.
 *
 *   npx tsx bench/spans-tokens.ts [--chars 100000] [--lookups 100000]
 */
import { parseArgs } from "node:util";
import { TokenizedText } from "@/lib/spans/tokens";
import { mulberry32Float } from "@/lib/random";

const { values: args } = parseArgs({ options: { chars: { type: "string", default: "100000" }, lookups: { type: "string", default: "100000" } } });
const chars = Number(args.chars);
const lookups = Number(args.lookups);

// Tweet-like text with punctuation, an emoji and a few CJK words, so every code path is exercised.
const sentence = "Stuck on Redondo Beach Blvd again 🚗, heading to 東京 next week! @friend #traffic ";
const text = sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars).replace(/[\uD800-\uDBFF]$/, "");

const segmentStart = performance.now();
const tokenized = new TokenizedText(text, "en");
const segmentMs = performance.now() - segmentStart;

const random = mulberry32Float(7);
const length = tokenized.offsets.codePointCount;
let snapped = 0;
const lookupStart = performance.now();
for (let lookup = 0; lookup < lookups; lookup++) {
  const start = Math.floor(random() * length);
  const end = Math.min(length, start + 1 + Math.floor(random() * 40));
  if (tokenized.snapSelection(start, end) !== null) snapped++;
  tokenized.tokenAt(start);
}
const lookupMs = performance.now() - lookupStart;

console.log(
  JSON.stringify({
    bench: "spans-tokens",
    chars: text.length,
    code_points: length,
    tokens: tokenized.tokens.length,
    segment_ms: Number(segmentMs.toFixed(1)),
    lookups,
    snapped,
    lookup_total_ms: Number(lookupMs.toFixed(1)),
    lookup_us_each: Number(((lookupMs * 1000) / lookups).toFixed(3)),
  }),
);
