/**
 * The page's side of the embedding worker protocol: numbers embed requests, matches answers to
 * them, keeps the latest status and throughput, and fails whatever is pending when the worker
 * dies or is terminated. Framework-free, so the React hook stays a thin wrapper.
 */
import {
  splitVectors,
  type EmbeddingThroughput,
  type EmbeddingWorkerRequest,
  type EmbeddingWorkerResponse,
  type EmbeddingWorkerStatus,
  type LoadModelRequest,
} from "./embedding-protocol";

/** The part of a DOM Worker the client uses. */
export interface EmbeddingWorkerPort {
  postMessage(message: EmbeddingWorkerRequest): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<EmbeddingWorkerResponse>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

interface PendingEmbed {
  readonly resolve: (vectors: Float32Array[]) => void;
  readonly reject: (error: Error) => void;
}

export interface EmbeddingWorkerSnapshot {
  readonly status: EmbeddingWorkerStatus;
  readonly throughput: EmbeddingThroughput | null;
}

export class EmbeddingWorkerClient {
  private readonly pending = new Map<number, PendingEmbed>();
  private readonly listeners = new Set<() => void>();
  private nextRequestId = 1;
  private closedReason: string | null = null;
  private current: EmbeddingWorkerSnapshot = { status: { state: "idle" }, throughput: null };

  constructor(private readonly worker: EmbeddingWorkerPort) {
    worker.onmessage = (event) => this.receive(event.data);
    worker.onerror = (event) => {
      const reason = `The embedding worker stopped: ${event.message || "its script failed to load"}`;
      this.update({ status: { state: "failed", reason } });
      this.rejectPending(reason);
    };
  }

  get snapshot(): EmbeddingWorkerSnapshot {
    return this.current;
  }

  /** Calls `listener` after every status or throughput change; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  load(request: Omit<LoadModelRequest, "type">): void {
    this.worker.postMessage({ type: "load", ...request });
  }

  /** Unit-length embeddings, one per text, in the order given. */
  embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (this.closedReason) return Promise.reject(new Error(this.closedReason));
    const requestId = this.nextRequestId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      this.worker.postMessage({ type: "embed", requestId, texts });
    });
  }

  terminate(): void {
    this.worker.terminate();
    this.worker.onmessage = null;
    this.worker.onerror = null;
    this.rejectPending("The embedding worker was terminated");
    this.listeners.clear();
  }

  private receive(message: EmbeddingWorkerResponse): void {
    switch (message.type) {
      case "status":
        this.update({ status: message.status });
        return;
      case "throughput":
        this.update({
          throughput: {
            lastBatchItems: message.lastBatchItems,
            lastBatchSeconds: message.lastBatchSeconds,
            totalItems: message.totalItems,
            totalSeconds: message.totalSeconds,
            itemsPerSecond: message.itemsPerSecond,
          },
        });
        return;
      case "embedded":
        this.settle(message.requestId)?.resolve(splitVectors(message.vectors, message.dimensions));
        return;
      case "embed-failed":
        this.settle(message.requestId)?.reject(new Error(message.reason));
        return;
    }
  }

  private settle(requestId: number): PendingEmbed | undefined {
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    return pending;
  }

  private rejectPending(reason: string): void {
    this.closedReason = reason;
    for (const pending of this.pending.values()) pending.reject(new Error(reason));
    this.pending.clear();
  }

  private update(change: Partial<EmbeddingWorkerSnapshot>): void {
    this.current = { ...this.current, ...change };
    for (const listener of this.listeners) listener();
  }
}
