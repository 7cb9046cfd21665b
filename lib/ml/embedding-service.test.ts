import { stat } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTemporaryTestModel, type TemporaryTestModel } from "@/scripts/onnx/test-model-fixture";
import type { EmbeddingWorkerResponse } from "./embedding-protocol";
import { createEmbeddingService, wasmThreadCount, type EmbeddingService, type EmbeddingServiceEnvironment } from "./embedding-service";

// The service runs here under Node, where transformers.js uses onnxruntime-node and reads the
// models directory from disk; in the browser the same code reads it over HTTP.
let model: TemporaryTestModel;

beforeAll(async () => {
  model = await createTemporaryTestModel();
}, 60_000);

afterAll(async () => {
  await model?.remove();
});

function startService(
  openLocalModelCache?: EmbeddingServiceEnvironment["openLocalModelCache"],
): { service: EmbeddingService; posted: { message: EmbeddingWorkerResponse; transfer: Transferable[] }[] } {
  const posted: { message: EmbeddingWorkerResponse; transfer: Transferable[] }[] = [];
  const service = createEmbeddingService(
    {
      crossOriginIsolated: false,
      hardwareConcurrency: 4,
      localModelPath: model.modelsDir,
      ortRuntime: { mjs: "/ort/runtime.mjs", wasm: "/ort/runtime.wasm" },
      localFileExists: (modelId, file) => stat(path.join(model.modelsDir, modelId, file)).then((info) => info.isFile(), () => false),
      ...(openLocalModelCache ? { openLocalModelCache } : {}),
    },
    (message, transfer = []) => posted.push({ message, transfer }),
  );
  return { service, posted };
}

function norm(vector: Float32Array): number {
  return Math.hypot(...vector);
}

describe("wasmThreadCount", () => {
  it("uses one thread unless the page is cross-origin isolated", () => {
    expect(wasmThreadCount(false, 8)).toBe(1);
    expect(wasmThreadCount(true, 8)).toBe(8);
  });

  it("honours a cap and never goes below one", () => {
    expect(wasmThreadCount(true, 8, 2)).toBe(2);
    expect(wasmThreadCount(true, 2, 16)).toBe(2);
    expect(wasmThreadCount(true, 0)).toBe(1);
  });
});

describe("embedding service", () => {
  it("reports loading, then ready with the model's source, dtype, width and threads", async () => {
    const { service, posted } = startService();
    await service.handle({ type: "load", modelId: model.modelId, allowRemoteModels: false });
    const statuses = posted.flatMap(({ message }) => (message.type === "status" ? [message.status] : []));
    expect(statuses[0]).toEqual({ state: "loading", modelId: model.modelId, progress: 0 });
    expect(statuses.at(-1)).toEqual({
      state: "ready",
      modelId: model.modelId,
      source: `loaded from ${model.modelsDir}${model.modelId} (local)`,
      dtype: "q8",
      dimensions: 384,
      threads: 1,
      crossOriginIsolated: false,
    });
    const progress = statuses.flatMap((status) => (status.state === "loading" ? [status.progress] : []));
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it("embeds a request into unit vectors in request order, transferring the buffer", async () => {
    const { service, posted } = startService();
    await service.handle({ type: "load", modelId: model.modelId, allowRemoteModels: false, batchSize: 2 });
    posted.length = 0;
    const texts = ["Free entry in 2 a wkly comp to win FA Cup final tkts", "ok", "Free entry in 2 a wkly comp to win FA Cup final tkts"];
    await service.handle({ type: "embed", requestId: 7, texts });

    const [result, throughput] = posted;
    if (result?.message.type !== "embedded") throw new Error(`expected an embedded message, got ${result?.message.type}`);
    expect(result.message.requestId).toBe(7);
    expect(result.message.dimensions).toBe(384);
    expect(result.transfer).toEqual([result.message.vectors.buffer]);
    const { vectors } = result.message;
    const rows = [0, 1, 2].map((row) => vectors.subarray(row * 384, (row + 1) * 384));
    for (const row of rows) expect(norm(row)).toBeCloseTo(1, 5);
    // Both copies of the long text share a batch after sorting, so their rows are identical.
    expect(Array.from(rows[0] ?? [])).toEqual(Array.from(rows[2] ?? []));
    expect(Array.from(rows[0] ?? [])).not.toEqual(Array.from(rows[1] ?? []));

    expect(throughput?.message).toMatchObject({ type: "throughput", lastBatchItems: 3, totalItems: 3 });
  });

  it("looks every file of a local model up in the local model cache first", async () => {
    const looked: string[] = [];
    const { service, posted } = startService(async () => ({
      match: async (request) => {
        looked.push(request);
        return undefined;
      },
      put: async () => undefined,
      delete: async () => false,
    }));
    await service.handle({ type: "load", modelId: model.modelId, allowRemoteModels: false });
    expect(posted.at(-1)?.message).toMatchObject({ type: "status", status: { state: "ready" } });
    const weights = path.join(model.modelsDir, model.modelId, "onnx/model_quantized.onnx");
    expect(looked.map((request) => path.normalize(request))).toContain(weights);
    expect(looked.some((request) => request.endsWith("tokenizer.json"))).toBe(true);
  });

  it("fails with the reason when the model is neither local nor allowed remotely", async () => {
    const { service, posted } = startService();
    await service.handle({ type: "load", modelId: "goldset-test/absent", allowRemoteModels: false });
    const last = posted.at(-1)?.message;
    expect(last?.type === "status" && last.status.state).toBe("failed");
    const reason = last?.type === "status" && last.status.state === "failed" ? last.status.reason : "";
    expect(reason).toMatch(/does not exist or is empty, and this deployment does not allow remote models/);

    await service.handle({ type: "embed", requestId: 1, texts: ["hello"] });
    expect(posted.at(-1)?.message).toEqual({ type: "embed-failed", requestId: 1, reason });
  });

  it("refuses to embed before a model is loaded", async () => {
    const { service, posted } = startService();
    await service.handle({ type: "embed", requestId: 3, texts: ["hello"] });
    expect(posted).toEqual([
      { message: { type: "embed-failed", requestId: 3, reason: "no model loaded: send a load request first" }, transfer: [] },
    ]);
  });
});
