"use client";
// The annotator's local queue: the item on screen plus prefetched ones, so the next item appears
// the moment a submission is made. Writes go out in order on one chain, so an undo or a refill
// never overtakes the submission before it.
import { useCallback, useEffect, useRef, useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import type { AnnotateItem } from "@/lib/annotate/annotate-item";
import type { SuggestionView } from "@/lib/annotate/suggestion-view";
import { finalRefusalMessage } from "./submission-refusal";
import { suggestionFields } from "./suggestion-submission";
import type { Span } from "@/lib/spans/span-set";

export type Progress = { done: number; remaining: number; total: number };
export type Draft = {
  labels: string[];
  notSure: boolean;
  notSureReason: string;
  note: string;
  rejectedSuggestion: boolean;
  /** Spans projects only: the annotator's spans, in code points (lib/spans/offsets.ts). */
  spans?: Span[];
};
export type QueueEntry = { item: AnnotateItem; shownAt: number; draft: Draft };


// The item on screen plus one prefetched: enough to show the next item at once, while each
// annotator holds leases on only two items.
const PREFETCH_DEPTH = 2;
const emptyDraft = (): Draft => ({ labels: [], notSure: false, notSureReason: "", note: "", rejectedSuggestion: false });

export function useAnnotationQueue(slug: string) {
  const [entries, setEntries] = useState<QueueEntry[]>([]);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [paused, setPaused] = useState(false);
  const entriesRef = useRef<QueueEntry[]>([]);
  // Items submitted or skipped whose write has not landed yet: the server still holds their lease
  // and would hand them back to a refill that runs first.
  const leaving = useRef(new Set<number>());
  const chain = useRef<Promise<void>>(Promise.resolve());
  const base = `/api/projects/${encodeURIComponent(slug)}`;

  const update = useCallback((next: QueueEntry[]) => {
    entriesRef.current = next;
    setEntries(next);
  }, []);

  const enqueue = useCallback((work: () => Promise<void>) => {
    chain.current = chain.current.then(work).catch((e: unknown) => {
      setError(e instanceof ApiError ? e.message : "The server could not be reached; your last action may not have been saved.");
    });
    return chain.current;
  }, []);

  const refill = useCallback(async () => {
    const held = entriesRef.current;
    if (held.length >= PREFETCH_DEPTH) return;
    const res = await apiCall<{ items: AnnotateItem[]; paused: boolean; progress: Progress }>(`${base}/queue`, {
      body: { count: PREFETCH_DEPTH - held.length, holding: held.map((e) => e.item.id) },
    });
    setPaused(res.paused);
    if (res.paused) {
      // A paused annotator labels nothing more, including an item already prefetched.
      update([]);
      setProgress(res.progress);
      setLoading(false);
      return;
    }
    const known = new Set(entriesRef.current.map((e) => e.item.id));
    const added = res.items
      .filter((i) => !known.has(i.id) && !leaving.current.has(i.id))
      .map((item) => ({ item, shownAt: 0, draft: emptyDraft() }));
    const next = [...entriesRef.current, ...added];
    if (next[0] && next[0].shownAt === 0) next[0] = { ...next[0], shownAt: performance.now() };
    update(next);
    setProgress(res.progress);
    setLoading(false);
  }, [base, update]);

  useEffect(() => {
    void enqueue(refill);
  }, [enqueue, refill]);

  const advance = useCallback(() => {
    const rest = entriesRef.current.slice(1);
    if (rest[0]) rest[0] = { ...rest[0], shownAt: performance.now() };
    update(rest);
    if (rest.length === 0) setLoading(true);
  }, [update]);

  const setDraft = useCallback(
    (draft: Draft) => {
      const [head, ...rest] = entriesRef.current;
      if (head) update([{ ...head, draft }, ...rest]);
    },
    [update],
  );

  const submit = useCallback(
    (submission: Draft) => {
      const head = entriesRef.current[0];
      if (!head) return;
      setError(null);
      const body = {
        id: crypto.randomUUID(),
        itemId: head.item.id,
        labels: submission.labels,
        notSure: submission.notSure,
        notSureReason: submission.notSure && submission.notSureReason ? submission.notSureReason : undefined,
        note: submission.note || undefined,
        spans: submission.spans,
        timeSpentMs: Math.round(performance.now() - head.shownAt),
        // Which suggestion the item had and whether it was on screen; the server derives the action.
        ...suggestionFields(head.item.suggestion, submission.rejectedSuggestion),
      };
      advance();
      leaving.current.add(head.item.id);
      void enqueue(async () => {
        try {
          const res = await postWithRetry<{ progress: Progress }>(`${base}/annotations`, body);
          setProgress(res.progress);
        } catch (e) {
          const refusal = finalRefusalMessage(e);
          if (refusal === null) throw e;
          setError(refusal);
        } finally {
          leaving.current.delete(head.item.id);
        }
        await refill();
      });
    },
    [advance, base, enqueue, refill],
  );

  const skip = useCallback(
    (reason: string) => {
      const head = entriesRef.current[0];
      if (!head) return;
      setError(null);
      advance();
      leaving.current.add(head.item.id);
      void enqueue(async () => {
        try {
          const res = await postWithRetry<{ progress: Progress }>(`${base}/skips`, { itemId: head.item.id, reason });
          setProgress(res.progress);
        } finally {
          leaving.current.delete(head.item.id);
        }
        await refill();
      });
    },
    [advance, base, enqueue, refill],
  );

  const undo = useCallback(() => {
    setError(null);
    void enqueue(async () => {
      try {
        const res = await apiCall<{
          item: AnnotateItem;
          previous: (Omit<Draft, "notSureReason" | "note" | "spans"> & { notSureReason: string | null; note: string | null; spans?: Span[] | null }) | null;
          progress: Progress;
        }>(
          `${base}/undo`,
          { body: {} },
        );
        const draft = res.previous
          ? { ...emptyDraft(), labels: res.previous.labels, notSure: res.previous.notSure, notSureReason: res.previous.notSureReason ?? "", note: res.previous.note ?? "", spans: res.previous.spans ?? undefined }
          : emptyDraft();
        // The undo answer does not carry the suggestion; fetch it so the item reads as before.
        const item =
          res.item.suggestion === undefined
            ? { ...res.item, suggestion: (await apiCall<{ suggestion: SuggestionView | null }>(`${base}/llm/suggestions/${res.item.id}`)).suggestion }
            : res.item;
        const rest = entriesRef.current.filter((e) => e.item.id !== item.id);
        update([{ item, shownAt: performance.now(), draft }, ...rest]);
        setProgress(res.progress);
        setLoading(false);
      } catch (e) {
        if (e instanceof ApiError && e.status === 404) setError("There is nothing to undo.");
        else throw e;
      }
    });
  }, [base, enqueue, update]);

  return { current: entries[0] ?? null, queued: entries.length, progress, loading, paused, error, submit, skip, undo, setDraft };
}

/** Network failures and 5xx are retried with the same client id, which the server deduplicates. */
async function postWithRetry<T>(path: string, body: unknown, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await apiCall<T>(path, { body });
    } catch (e) {
      const retryable = !(e instanceof ApiError) || e.status >= 500;
      if (!retryable || attempt >= attempts) throw e;
      await new Promise((r) => setTimeout(r, 300 * 2 ** attempt));
    }
  }
}
