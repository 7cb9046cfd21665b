"use client";
// The claim -> embed -> post loop that shares embedding work between annotators' browsers: claim
// a batch of items lacking an embedding, embed them in the worker (off the main thread), post them
// as int8 rows, repeat; when nothing is left, look again now and then for newly imported items.
// The whole batch is embedded and posted as claimed, each vector under the opaque ref the claim
// gave its item (the browser never learns item ids): the server refuses a partial post, and some
// of the items may be cross-checks it compares with vectors already stored.
import { useEffect, useRef, useState } from "react";
import { apiCall } from "@/components/ui/api-client";
import { afterFailedRound } from "./embedding-round-failure";
import { bytesToBase64 } from "@/lib/active-learning/base64";
import { encodeEmbeddings, encodedRowBytes } from "@/lib/active-learning/embedding-codec";
import type { EmbeddingWorkerStatus, EmbeddingThroughput } from "@/lib/ml/embedding-protocol";

/** Items per claim: a few seconds of work on a laptop, so a closed tab strands little. */
const CLAIM_SIZE = 32;
const IDLE_POLL_MS = 60_000;
/** How often a working browser refreshes its report (model, threads, rate) to the lead's view. */
const REPORT_EVERY_MS = 30_000;

export type EmbeddingCoverage = { items: number; embedded: number; claimed: number };

export interface EmbeddingLoopState {
  /** "stopped": the server refused this browser's vectors; nothing more is tried until the page is reloaded. */
  readonly phase: "waiting" | "embedding" | "done" | "retrying" | "stopped";
  readonly embeddedHere: number;
  readonly coverage: EmbeddingCoverage;
  readonly error: string | null;
}

type Claim = { items: { ref: string; text: string }[]; coverage: EmbeddingCoverage };
type Stored = { stored: number; alreadyPresent: number; coverage: EmbeddingCoverage };

function statusReport(modelId: string, status: EmbeddingWorkerStatus, throughput: EmbeddingThroughput | null) {
  if (status.state === "ready") {
    return {
      modelId,
      state: "ready" as const,
      detail: status.source,
      threads: status.threads,
      crossOriginIsolated: status.crossOriginIsolated,
      itemsPerSecond: throughput ? Math.round(throughput.itemsPerSecond * 10) / 10 : null,
    };
  }
  if (status.state === "failed") return { modelId, state: "failed" as const, detail: status.reason };
  return null;
}

export function useEmbeddingLoop({
  slug,
  modelId,
  status,
  throughput,
  embed,
  initialCoverage,
}: {
  slug: string;
  modelId: string;
  status: EmbeddingWorkerStatus;
  throughput: EmbeddingThroughput | null;
  embed: (texts: readonly string[]) => Promise<Float32Array[]>;
  initialCoverage: EmbeddingCoverage;
}): EmbeddingLoopState {
  const base = `/api/projects/${encodeURIComponent(slug)}/embeddings`;
  const [state, setState] = useState<EmbeddingLoopState>({ phase: "waiting", embeddedHere: 0, coverage: initialCoverage, error: null });
  const latest = useRef({ status, throughput });
  const lastReport = useRef(0);

  useEffect(() => {
    latest.current = { status, throughput };
  }, [status, throughput]);

  // Tell the lead's view what this browser could load, once per state change.
  useEffect(() => {
    const report = statusReport(modelId, status, null);
    if (!report) return;
    lastReport.current = Date.now();
    apiCall(`${base}/status`, { body: report }).catch(() => undefined);
  }, [base, modelId, status]);

  const ready = status.state === "ready";
  useEffect(() => {
    if (!ready) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const sleep = (ms: number) => new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));

    const round = async (): Promise<"worked" | "nothing-left"> => {
      const claim = await apiCall<Claim>(`${base}/claim`, { body: { modelId, count: CLAIM_SIZE } });
      if (stopped) return "nothing-left";
      if (claim.items.length === 0) {
        setState((s) => ({ ...s, phase: "done", coverage: claim.coverage, error: null }));
        return "nothing-left";
      }
      setState((s) => ({ ...s, phase: "embedding", coverage: claim.coverage }));
      const vectors = await embed(claim.items.map((item) => item.text));
      const dim = vectors[0]?.length ?? 0;
      const flat = new Float32Array(vectors.length * dim);
      vectors.forEach((vector, row) => flat.set(vector, row * dim));
      const bytes = encodeEmbeddings(flat, dim, "int8");
      const rowBytes = encodedRowBytes(dim, "int8");
      const payload = claim.items.map((item, row) => ({ ref: item.ref, data: bytesToBase64(bytes.subarray(row * rowBytes, (row + 1) * rowBytes)) }));
      const stored = await apiCall<Stored>(base, { body: { modelId, encoding: "int8", dim, vectors: payload } });
      if (stopped) return "worked";
      setState((s) => ({ ...s, embeddedHere: s.embeddedHere + stored.stored, coverage: stored.coverage, error: null }));
      if (Date.now() - lastReport.current > REPORT_EVERY_MS) {
        const report = statusReport(modelId, latest.current.status, latest.current.throughput);
        lastReport.current = Date.now();
        if (report) apiCall(`${base}/status`, { body: report }).catch(() => undefined);
      }
      return "worked";
    };

    void (async () => {
      let failuresInARow = 0;
      while (!stopped) {
        try {
          const outcome = await round();
          failuresInARow = 0;
          if (outcome === "nothing-left") await sleep(IDLE_POLL_MS);
        } catch (error) {
          if (stopped) return;
          const failure = afterFailedRound(error, ++failuresInARow);
          setState((s) => ({ ...s, phase: failure.stop ? "stopped" : "retrying", error: failure.message }));
          if (failure.stop) return;
          await sleep(failure.retryInMs);
        }
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [ready, base, modelId, embed]);

  return state;
}
