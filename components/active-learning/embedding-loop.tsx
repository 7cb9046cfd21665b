"use client";
// The annotate page's background embedder and its one-line status: which encoder runs, where it
// loaded from, how many items this browser embedded and how fast; or, plainly, that no encoder
// could be loaded and the queue is ranked with hashed n-gram features instead.
import { useSyncExternalStore } from "react";
import { useEmbeddingWorker } from "@/lib/ml/use-embedding-worker";
import { EncoderFallbackNotice } from "./encoder-fallback-notice";
import { useEmbeddingLoop, type EmbeddingCoverage } from "./use-embedding-loop";

const noSubscription = () => () => undefined;

/** Worker threads for onnxruntime: every core on a small machine, all but one (for the page) on a larger one. */
function useWorkerThreads(): number {
  const cores = useSyncExternalStore(noSubscription, () => navigator.hardwareConcurrency || 1, () => 0);
  return cores <= 2 ? cores : cores - 1;
}

export function EmbeddingLoop({
  slug,
  modelId,
  allowRemoteModels,
  coverage,
  canFixEncoder,
}: {
  slug: string;
  modelId: string;
  allowRemoteModels: boolean;
  /** The project's embedding coverage when the page was rendered. */
  coverage: EmbeddingCoverage;
  /** Whether this user can put model files on the server (a lead or a site admin), hence needs the instructions. */
  canFixEncoder: boolean;
}) {
  const threads = useWorkerThreads();
  const pending = coverage.embedded < coverage.items;
  const worker = useEmbeddingWorker({ modelId, allowRemoteModels, maxThreads: Math.max(1, threads), enabled: pending && threads > 0 });
  const loop = useEmbeddingLoop({ slug, modelId, status: worker.status, throughput: worker.throughput, embed: worker.embed, initialCoverage: coverage });
  const { status } = worker;
  const projectLine = `${loop.coverage.embedded} of ${loop.coverage.items} project items embedded`;

  if (!pending) {
    return (
      <p className="embedding-status muted" data-testid="embedding-status" data-state="complete">
        Encoder {modelId}: all {coverage.items} items are embedded; the queue is ranked on their embeddings.
      </p>
    );
  }
  if (status.state === "failed") {
    return <EncoderFallbackNotice reason={status.reason} canFix={canFixEncoder} />;
  }
  if (status.state !== "ready") {
    const progress = status.state === "loading" ? ` ${Math.round(status.progress * 100)}%` : "";
    return (
      <p className="embedding-status muted" data-testid="embedding-status" data-state={status.state}>
        Loading encoder {modelId}…{progress} ({projectLine})
      </p>
    );
  }
  const rate = worker.throughput ? `${worker.throughput.itemsPerSecond.toFixed(1)} items/s` : "measuring rate";
  return (
    <p className="embedding-status muted" data-testid="embedding-status" data-state={loop.phase}>
      Encoder <strong>{status.modelId}</strong> {status.source} · {status.threads} thread{status.threads === 1 ? "" : "s"}
      {status.crossOriginIsolated ? " (cross-origin isolated)" : " (not cross-origin isolated: one thread)"} ·{" "}
      <span data-testid="embedded-here">{loop.embeddedHere}</span> embedded here · {rate} · {projectLine}
      {loop.error && loop.phase === "stopped" && <span className="error small"> Embedding stopped: {loop.error} Reload the page to try again.</span>}
      {loop.error && loop.phase !== "stopped" && <span className="error small"> Embedding paused: {loop.error} Retrying shortly.</span>}
    </p>
  );
}
