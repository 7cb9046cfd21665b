import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { bertShapeFromConfig, generateBertWeights } from "./bert-weights";
import { SOURCE_MODEL_ID, sharedModelsDir } from "./test-model-writer";

const miniLmConfig = {
  model_type: "bert",
  hidden_act: "gelu",
  hidden_size: 384,
  num_hidden_layers: 6,
  num_attention_heads: 12,
  intermediate_size: 1536,
  vocab_size: 30522,
  max_position_embeddings: 512,
  type_vocab_size: 2,
  layer_norm_eps: 1e-12,
  initializer_range: 0.02,
  pad_token_id: 0,
};

describe("bertShapeFromConfig", () => {
  it("reads all-MiniLM-L6-v2's shape from its config.json", () => {
    const configPath = path.join(sharedModelsDir(), SOURCE_MODEL_ID, "config.json");
    const config = JSON.parse(readFileSync(configPath, "utf8")) as Record<string, unknown>;
    expect(bertShapeFromConfig(config)).toEqual({
      layers: 6,
      hidden: 384,
      heads: 12,
      intermediate: 1536,
      vocabSize: 30522,
      maxPositions: 512,
      typeVocabSize: 2,
      layerNormEpsilon: 1e-12,
      initializerRange: 0.02,
      padTokenId: 0,
    });
  });

  it("refuses activations the graph does not build", () => {
    expect(() => bertShapeFromConfig({ ...miniLmConfig, hidden_act: "relu" })).toThrow(/hidden_act/);
  });

  it("refuses a hidden size the heads do not divide", () => {
    expect(() => bertShapeFromConfig({ ...miniLmConfig, num_attention_heads: 5 })).toThrow(/divisible/);
  });

  it("names the field that is missing", () => {
    expect(() => bertShapeFromConfig({ ...miniLmConfig, num_hidden_layers: undefined })).toThrow(/num_hidden_layers/);
  });
});

describe("generateBertWeights", () => {
  const small = bertShapeFromConfig({
    ...miniLmConfig,
    hidden_size: 64,
    num_attention_heads: 4,
    intermediate_size: 256,
    num_hidden_layers: 2,
    vocab_size: 50,
    max_position_embeddings: 16,
  });
  const bytes = (values: Float32Array | undefined): Buffer => Buffer.from(values?.buffer ?? new ArrayBuffer(0));

  it("sizes every tensor from the shape", () => {
    const weights = generateBertWeights(small, 42);
    expect(weights.wordEmbeddings.length).toBe(50 * 64);
    expect(weights.positionEmbeddings.length).toBe(16 * 64);
    expect(weights.tokenTypeEmbeddings.length).toBe(2 * 64);
    expect(weights.layers).toHaveLength(2);
    expect(weights.layers[0]?.intermediate.kernel.length).toBe(64 * 256);
    expect(weights.layers[0]?.output.inFeatures).toBe(256);
  });

  it("follows BERT's initialisation: zero padding row, zero biases, unit gains", () => {
    const weights = generateBertWeights(small, 42);
    expect(weights.wordEmbeddings.subarray(0, 64).every((value) => value === 0)).toBe(true);
    expect(weights.layers[1]?.query.bias.every((value) => value === 0)).toBe(true);
    expect(weights.embeddingNorm.gain.every((value) => value === 1)).toBe(true);
  });

  it("is reproducible from the seed", () => {
    const a = generateBertWeights(small, 42);
    const original = bytes(a.layers[1]?.value.kernel);
    expect(bytes(generateBertWeights(small, 42).layers[1]?.value.kernel).equals(original)).toBe(true);
    expect(bytes(generateBertWeights(small, 43).layers[1]?.value.kernel).equals(original)).toBe(false);
  });
});
