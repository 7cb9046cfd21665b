import os from "node:os";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemporaryTestModel, type TemporaryTestModel } from "@/scripts/onnx/test-model-fixture";
import { createNodeEmbedder } from "./node-embedder";

let model: TemporaryTestModel;

beforeAll(async () => {
  model = await createTemporaryTestModel();
}, 60_000);

afterAll(async () => {
  await model?.remove();
});

function cosine(a: Float32Array | undefined, b: Float32Array | undefined): number {
  if (!a || !b) throw new Error("missing vector");
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

const texts = [
  "Go until jurong point, crazy.. Available only in bugis n great world la e buffet...",
  "Ok lar... Joking wif u oni...",
  "U dun say so early hor... U c already then say...",
];

describe("createNodeEmbedder", () => {
  it("loads the model from the models directory and reports how", async () => {
    const embedder = await createNodeEmbedder({ modelsDir: model.modelsDir, modelId: model.modelId });
    expect(embedder.source.kind).toBe("local");
    expect(embedder.source.description).toBe(`loaded from ${model.modelDir} (local)`);
    expect(embedder.dtype).toBe("q8");
    expect(embedder.dimensions).toBe(384);
    expect(embedder.threads).toBe(os.availableParallelism());
    await embedder.dispose();
  });

  it.each(["q8", "fp32"] as const)("returns one unit vector per text, in order (%s)", async (dtype) => {
    const embedder = await createNodeEmbedder({ modelsDir: model.modelsDir, modelId: model.modelId, dtype, batchSize: 2 });
    const together = await embedder.embed(texts);
    expect(together).toHaveLength(3);
    for (const vector of together) {
      expect(vector).toHaveLength(384);
      expect(cosine(vector, vector)).toBeCloseTo(1, 5);
    }
    // Embedding a text alone gives the same vector as embedding it among others: padding is
    // masked out. q8 quantises activations per batch, so it agrees to quantisation error only.
    for (const [index, text] of texts.entries()) {
      const [alone] = await embedder.embed([text]);
      expect(cosine(alone, together[index])).toBeGreaterThan(dtype === "fp32" ? 0.99999 : 0.99);
    }
    await embedder.dispose();
  });

  it("returns nothing for no texts", async () => {
    const embedder = await createNodeEmbedder({ modelsDir: model.modelsDir, modelId: model.modelId });
    expect(await embedder.embed([])).toEqual([]);
    await embedder.dispose();
  });

  it("says what is missing and how to fix it when the model is not on disk", async () => {
    await expect(createNodeEmbedder({ modelsDir: model.modelsDir, modelId: "Xenova/all-MiniLM-L6-v2" })).rejects.toThrow(
      /does not exist or is empty, and this deployment does not allow remote models\. Put .* under GOLDSET_MODELS_DIR\/Xenova\/all-MiniLM-L6-v2\//,
    );
  });
});
