import { createHash } from "node:crypto";
import { mkdtemp, readFile, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { env, pipeline } from "@huggingface/transformers";
import * as ort from "onnxruntime-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemporaryTestModel, type TemporaryTestModel } from "./test-model-fixture";
import { TEST_MODEL_ID, writeTestModel } from "./test-model-writer";

const GENERATION_TIMEOUT_MS = 60_000;

// "[CLS] hello world [SEP]" and "[CLS] this is a test ! [SEP]" in the MiniLM vocabulary, padded to 7.
const inputIds = [101, 7592, 2088, 102, 0, 0, 0, 101, 2023, 2003, 1037, 3231, 999, 102];
const attentionMask = [1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];

function int64Tensor(values: readonly number[]): ort.Tensor {
  return new ort.Tensor("int64", BigInt64Array.from(values, (value) => BigInt(value)), [2, 7]);
}

async function runEncoder(modelPath: string): Promise<ort.Tensor> {
  const session = await ort.InferenceSession.create(modelPath);
  try {
    const outputs = await session.run({
      input_ids: int64Tensor(inputIds),
      attention_mask: int64Tensor(attentionMask),
      token_type_ids: int64Tensor(new Array<number>(14).fill(0)),
    });
    const hidden = outputs.last_hidden_state;
    if (!hidden) throw new Error("no last_hidden_state output");
    return hidden;
  } finally {
    await session.release();
  }
}

async function sha256(file: string): Promise<string> {
  return createHash("sha256").update(await readFile(file)).digest("hex");
}

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  a.forEach((value, index) => {
    const other = b[index] ?? 0;
    dot += value * other;
    normA += value * value;
    normB += other * other;
  });
  return dot / Math.sqrt(normA * normB);
}

describe("writeTestModel", () => {
  let model: TemporaryTestModel;

  beforeAll(async () => {
    model = await createTemporaryTestModel(42);
  }, GENERATION_TIMEOUT_MS);

  afterAll(async () => {
    await model?.remove();
  });

  it("lays the model out as transformers.js expects a local model", async () => {
    const files = await readdir(model.modelDir, { recursive: true });
    expect(files.sort()).toEqual([
      "GOLDSET_TEST_MODEL.md",
      "config.json",
      "onnx",
      path.join("onnx", "model.onnx"),
      path.join("onnx", "model_q4.onnx"),
      path.join("onnx", "model_quantized.onnx"),
      "special_tokens_map.json",
      "tokenizer.json",
      "tokenizer_config.json",
      "vocab.txt",
    ]);
    expect(await readFile(path.join(model.modelDir, "GOLDSET_TEST_MODEL.md"), "utf8")).toMatch(/random weights/i);
  });

  it.each(["model.onnx", "model_quantized.onnx", "model_q4.onnx"])("onnxruntime-node runs %s on a padded batch of two", async (file) => {
    const session = await ort.InferenceSession.create(path.join(model.modelDir, "onnx", file));
    expect(session.inputNames).toEqual(["input_ids", "attention_mask", "token_type_ids"]);
    expect(session.outputNames).toEqual(["last_hidden_state"]);
    await session.release();

    const hidden = await runEncoder(path.join(model.modelDir, "onnx", file));
    expect(hidden.dims).toEqual([2, 7, 384]);
    expect((hidden.data as Float32Array).every(Number.isFinite)).toBe(true);
  });

  it("quantises the weights of the fp32 model rather than other weights", async () => {
    const fp32 = (await runEncoder(path.join(model.modelDir, "onnx/model.onnx"))).data as Float32Array;
    const q8 = (await runEncoder(path.join(model.modelDir, "onnx/model_quantized.onnx"))).data as Float32Array;
    const q4 = (await runEncoder(path.join(model.modelDir, "onnx/model_q4.onnx"))).data as Float32Array;
    // Hidden states of the [CLS] token of the second sequence.
    const token = (data: Float32Array): Float32Array => data.subarray(7 * 384, 8 * 384);
    expect(cosine(token(fp32), token(q8))).toBeGreaterThan(0.99);
    // 16 levels instead of 255: coarser, but still the same network.
    expect(cosine(token(fp32), token(q4))).toBeGreaterThan(0.9);
  });

  it("is byte-identical for the same seed and differs for another", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "goldset-test-model-seed-"));
    try {
      await writeTestModel({ outDir: path.join(root, "same"), seed: 42 });
      await writeTestModel({ outDir: path.join(root, "other"), seed: 7 });
      for (const file of ["onnx/model.onnx", "onnx/model_quantized.onnx", "onnx/model_q4.onnx"]) {
        const original = await sha256(path.join(model.modelDir, file));
        expect(await sha256(path.join(root, "same", file))).toBe(original);
        expect(await sha256(path.join(root, "other", file))).not.toBe(original);
      }
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  }, GENERATION_TIMEOUT_MS);

  it("loads by model id in transformers.js' feature-extraction pipeline and returns unit vectors", async () => {
    env.localModelPath = model.modelsDir;
    env.allowRemoteModels = false;
    env.allowLocalModels = true;
    for (const dtype of ["q8", "fp32", "q4"] as const) {
      const extractor = await pipeline("feature-extraction", TEST_MODEL_ID, { dtype });
      const output = await extractor(["hello world", "this is a longer test sentence"], { pooling: "mean", normalize: true });
      expect(output.dims).toEqual([2, 384]);
      const data = output.data as Float32Array;
      for (const row of [0, 1]) {
        const vector = data.subarray(row * 384, (row + 1) * 384);
        expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
      }
      await extractor.dispose();
    }
  });

  it("says where to find the tokenizer when it is missing", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), "goldset-test-model-missing-"));
    try {
      await expect(writeTestModel({ outDir: path.join(root, "out"), sharedModels: path.join(root, "nowhere") })).rejects.toThrow(
        /GOLDSET_SHARED_MODELS/,
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
