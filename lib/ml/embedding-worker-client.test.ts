import { describe, expect, it } from "vitest";
import type { EmbeddingWorkerRequest, EmbeddingWorkerResponse } from "./embedding-protocol";
import { EmbeddingWorkerClient, type EmbeddingWorkerPort } from "./embedding-worker-client";

class FakeWorker implements EmbeddingWorkerPort {
  readonly sent: EmbeddingWorkerRequest[] = [];
  terminated = false;
  onmessage: ((event: MessageEvent<EmbeddingWorkerResponse>) => void) | null = null;
  onerror: ((event: ErrorEvent) => void) | null = null;

  postMessage(message: EmbeddingWorkerRequest): void {
    this.sent.push(message);
  }

  terminate(): void {
    this.terminated = true;
  }

  reply(message: EmbeddingWorkerResponse): void {
    this.onmessage?.({ data: message } as MessageEvent<EmbeddingWorkerResponse>);
  }

  crash(message: string): void {
    this.onerror?.({ message } as ErrorEvent);
  }
}

function lastEmbedId(worker: FakeWorker): number {
  const request = worker.sent.at(-1);
  if (request?.type !== "embed") throw new Error("no embed request sent");
  return request.requestId;
}

describe("EmbeddingWorkerClient", () => {
  it("sends the load request as given", () => {
    const worker = new FakeWorker();
    new EmbeddingWorkerClient(worker).load({ modelId: "owner/model", allowRemoteModels: false, dtype: "fp32" });
    expect(worker.sent).toEqual([{ type: "load", modelId: "owner/model", allowRemoteModels: false, dtype: "fp32" }]);
  });

  it("matches answers to requests by id, whatever order they come back in", async () => {
    const worker = new FakeWorker();
    const client = new EmbeddingWorkerClient(worker);
    const first = client.embed(["a"]);
    const firstId = lastEmbedId(worker);
    const second = client.embed(["b", "c"]);
    const secondId = lastEmbedId(worker);
    expect(secondId).not.toBe(firstId);

    worker.reply({ type: "embedded", requestId: secondId, dimensions: 2, vectors: Float32Array.from([1, 0, 0, 1]) });
    worker.reply({ type: "embedded", requestId: firstId, dimensions: 2, vectors: Float32Array.from([0.6, 0.8]) });
    expect((await first).map((row) => Array.from(row))).toEqual([[Math.fround(0.6), Math.fround(0.8)]]);
    expect((await second).map((row) => Array.from(row))).toEqual([[1, 0], [0, 1]]);
  });

  it("rejects a request the worker could not embed, with its reason", async () => {
    const worker = new FakeWorker();
    const client = new EmbeddingWorkerClient(worker);
    const pending = client.embed(["a"]);
    worker.reply({ type: "embed-failed", requestId: lastEmbedId(worker), reason: "model not loaded" });
    await expect(pending).rejects.toThrow("model not loaded");
  });

  it("publishes status and throughput to subscribers", () => {
    const worker = new FakeWorker();
    const client = new EmbeddingWorkerClient(worker);
    const seen: string[] = [];
    client.subscribe(() => seen.push(client.snapshot.status.state));
    worker.reply({ type: "status", status: { state: "loading", modelId: "m", progress: 0.5 } });
    worker.reply({
      type: "status",
      status: { state: "ready", modelId: "m", source: "loaded from /models/m (local)", dtype: "q8", dimensions: 384, threads: 2, crossOriginIsolated: true },
    });
    worker.reply({ type: "throughput", lastBatchItems: 10, lastBatchSeconds: 0.5, totalItems: 10, totalSeconds: 0.5, itemsPerSecond: 20 });
    expect(seen).toEqual(["loading", "ready", "ready"]);
    expect(client.snapshot.throughput?.itemsPerSecond).toBe(20);
  });

  it("fails pending and later requests when the worker crashes", async () => {
    const worker = new FakeWorker();
    const client = new EmbeddingWorkerClient(worker);
    const pending = client.embed(["a"]);
    worker.crash("wasm not found");
    await expect(pending).rejects.toThrow(/wasm not found/);
    await expect(client.embed(["b"])).rejects.toThrow(/stopped/);
    expect(client.snapshot.status).toEqual({ state: "failed", reason: "The embedding worker stopped: wasm not found" });
  });

  it("terminates the worker and rejects what is pending", async () => {
    const worker = new FakeWorker();
    const client = new EmbeddingWorkerClient(worker);
    const pending = client.embed(["a"]);
    client.terminate();
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toThrow(/terminated/);
  });
});
