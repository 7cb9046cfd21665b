import { describe, expect, it } from "vitest";
import { deserializeSpanTagger, serializeSpanTagger } from "./span-model-serialization";

describe("span tagger serialization", () => {
  it("lists only the buckets that carry weights and reads them back bit for bit", () => {
    // 2^2 buckets of 3 tags: bucket 0 carries two weights, bucket 2 one tiny weight, buckets 1 and 3 none.
    const weights = Float32Array.from([0.1, -2.5, 0, 0, 0, 0, 0, 0, 1e-7, 0, 0, 0]);
    const stored = serializeSpanTagger({ numTags: 3, bits: 2, weights }, ["person"], 7);
    expect(stored).toMatchObject({ kind: "span-tagger", version: 1, types: ["person"], numTags: 3, bits: 2, trainingSize: 7 });
    // Two Int32 buckets (8 bytes → 12 base64 characters) and six Float32 weights (24 bytes → 32).
    expect(stored.buckets).toHaveLength(12);
    expect(stored.weights).toHaveLength(32);
    const back = deserializeSpanTagger(JSON.parse(JSON.stringify(stored)));
    expect(back).toEqual({ numTags: 3, bits: 2, weights });
  });

  it("refuses a model of another kind or version, naming them", () => {
    const stored = serializeSpanTagger({ numTags: 1, bits: 1, weights: new Float32Array(2) }, [], 0);
    expect(() => deserializeSpanTagger({ ...stored, version: 2 })).toThrow("cannot read a span-tagger model of version 2 with 22 features per token");
  });
});
