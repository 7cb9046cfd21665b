"use client";

/**
 * Starts the embedding worker for the component's lifetime and exposes its status and an
 * `embed` function. Fetching items and posting vectors to the server is the caller's job.
 */
import { useCallback, useEffect, useRef, useState } from "react";
import type { LoadModelRequest } from "./embedding-protocol";
import { EmbeddingWorkerClient, type EmbeddingWorkerSnapshot } from "./embedding-worker-client";

export type UseEmbeddingWorkerOptions = Omit<LoadModelRequest, "type"> & {
  /** false keeps the worker stopped, e.g. until the page knows the project's model. */
  readonly enabled?: boolean;
};

export interface UseEmbeddingWorker extends EmbeddingWorkerSnapshot {
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

const IDLE: EmbeddingWorkerSnapshot = { status: { state: "idle" }, throughput: null };

export function useEmbeddingWorker(options: UseEmbeddingWorkerOptions): UseEmbeddingWorker {
  const { enabled = true, modelId, dtype, allowRemoteModels, maxThreads, batchSize } = options;
  const clientRef = useRef<EmbeddingWorkerClient | null>(null);
  const [snapshot, setSnapshot] = useState<EmbeddingWorkerSnapshot>(IDLE);

  useEffect(() => {
    if (!enabled) return;
    const worker = new Worker(new URL("./embedding-worker.ts", import.meta.url), { type: "module" });
    const client = new EmbeddingWorkerClient(worker);
    clientRef.current = client;
    const unsubscribe = client.subscribe(() => setSnapshot(client.snapshot));
    client.load({
      modelId,
      allowRemoteModels,
      ...(dtype ? { dtype } : {}),
      ...(maxThreads ? { maxThreads } : {}),
      ...(batchSize ? { batchSize } : {}),
    });
    return () => {
      unsubscribe();
      client.terminate();
      clientRef.current = null;
      setSnapshot(IDLE);
    };
  }, [enabled, modelId, dtype, allowRemoteModels, maxThreads, batchSize]);

  const embed = useCallback((texts: readonly string[]): Promise<Float32Array[]> => {
    const client = clientRef.current;
    if (!client) return Promise.reject(new Error("The embedding worker is not running"));
    return client.embed(texts);
  }, []);

  return { ...snapshot, embed };
}
