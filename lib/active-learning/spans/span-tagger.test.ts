import { describe, expect, it } from "vitest";
import { entitiesFromTags, tagSet } from "./bio-tags";
import { sentenceUncertainty } from "./entity-uncertainty";
import { tagProbabilities, trainSpanTagger, viterbiDecode } from "./span-tagger";
import { FEATURES_PER_TOKEN, sentenceFeatures, tokenFeatureNames, wordShape } from "./token-features";

const { tags } = tagSet(["location", "person"]);
const index = (tag: string) => tags.indexOf(tag);

describe("token features", () => {
  it("collapses word shapes", () => {
    expect(wordShape("McDonald's")).toBe("XxXx'x");
    expect(wordShape("@user99")).toBe("@xd");
    expect(wordShape("東京")).toBe("L");
  });

  it("gives a fixed number of features per token, with neighbours", () => {
    const names = tokenFeatureNames(["at", "Redondo", "Beach"], 1);
    expect(names).toHaveLength(FEATURES_PER_TOKEN);
    expect(names).toContain("w=redondo");
    expect(names).toContain("w-1=at");
    expect(names).toContain("w+1=beach");
    expect(names).toContain("title=true");
    expect(sentenceFeatures(["at", "Redondo"], 10)).toHaveLength(2 * FEATURES_PER_TOKEN);
  });
});

describe("viterbiDecode", () => {
  it("never starts with I- nor puts I-x after O, even when that token prefers it", () => {
    // Two tokens over O, B-location, I-location, B-person, I-person. Token 0 prefers O (0.6),
    // token 1 prefers I-location (0.7): O then I-location is not allowed. The best allowed path is
    // B-location (0.3) then I-location (0.7) = 0.21, against O then O = 0.6·0.1 = 0.06 and
    // O then B-location = 0.6·0.1 = 0.06.
    const probabilities = Float64Array.from([0.6, 0.3, 0.05, 0.03, 0.02, 0.1, 0.1, 0.7, 0.05, 0.05]);
    expect(Array.from(viterbiDecode(probabilities, 5))).toEqual([index("B-location"), index("I-location")]);
  });
});

describe("sentenceUncertainty", () => {
  it("is 1 − the least confident decision: an entity (product of its tokens) or an outside token", () => {
    // Tokens: O (0.9), B-location (0.8), I-location (0.5), O (0.95). Entity confidence 0.8·0.5 = 0.4,
    // outside tokens 0.9 and 0.95: uncertainty 1 − 0.4 = 0.6.
    const probabilities = new Float64Array(4 * 5);
    const path = Int32Array.from([0, 1, 2, 0]);
    [0.9, 0.8, 0.5, 0.95].forEach((p, token) => (probabilities[token * 5 + path[token]!] = p));
    expect(sentenceUncertainty(probabilities, path, 5)).toBeCloseTo(0.6, 12);
    // With no entity predicted, the least sure outside token decides: 1 − 0.7 = 0.3.
    const outside = Float64Array.from([0.7, 0.3, 0, 0, 0, 0.99, 0.01, 0, 0, 0]);
    expect(sentenceUncertainty(outside, Int32Array.from([0, 0]), 5)).toBeCloseTo(0.3, 12);
  });
});

describe("trainSpanTagger", () => {
  it("learns to tag a small repeated pattern and is reproducible from its seed", () => {
    const sentences = [
      { words: ["I", "live", "in", "Lima", "now"], tags: ["O", "O", "O", "B-location", "O"] },
      { words: ["Ana", "lives", "in", "Quito"], tags: ["B-person", "O", "O", "B-location"] },
      { words: ["we", "met", "Ana", "Lopez", "today"], tags: ["O", "O", "B-person", "I-person", "O"] },
      { words: ["flights", "to", "Lima"], tags: ["O", "O", "B-location"] },
    ].map(({ words, tags: gold }) => ({ features: sentenceFeatures(words, 16), tags: Int32Array.from(gold, index), words }));
    const options = { bits: 16, epochs: 20, outsideWeight: 1, seed: 3 };
    const model = trainSpanTagger(sentences, tags.length, options);
    for (const sentence of sentences) {
      const path = viterbiDecode(tagProbabilities(model, sentence.features), tags.length);
      expect(Array.from(path)).toEqual(Array.from(sentence.tags));
    }
    const test = sentenceFeatures(["Ana", "flew", "to", "Lima"], 16);
    const decoded = viterbiDecode(tagProbabilities(model, test), tags.length);
    expect(entitiesFromTags(Array.from(decoded, (tag) => tags[tag]!))).toEqual([
      { type: "person", start: 0, end: 1 },
      { type: "location", start: 3, end: 4 },
    ]);
    expect(trainSpanTagger(sentences, tags.length, options).weights).toEqual(model.weights);
  });
});
