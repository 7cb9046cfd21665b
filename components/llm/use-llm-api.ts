"use client";
// The LLM page's data: react-query hooks over /api/projects/[slug]/llm/*. Runs are polled while
// one of them is executing, and everything a finished run changes is refetched when it ends.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { apiCall } from "@/components/ui/api-client";
import type { ConnectionView, InvalidAnswerView, PromptVersionView, RunView, SuggestionSettingsView } from "@/lib/llm/llm-views";
import type { PromptInput } from "@/lib/llm/prompts/prompt-input";
import type { PromptMode } from "@/lib/llm/prompts/prompt-template";

/** A version as the prompts route lists it: with its items still to ask and its filled-in system message. */
export type PromptVersionWithPending = PromptVersionView & { pendingItems: number; systemPreview: string };

const RUN_POLL_MS = 1_000;

function base(slug: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/llm`;
}

export function useConnection(slug: string) {
  return useQuery({ queryKey: ["llm-connection", slug], queryFn: () => apiCall<{ connection: ConnectionView }>(`${base(slug)}/connection`) });
}

export function useSaveConnection(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) => apiCall<{ connection: ConnectionView }>(`${base(slug)}/connection`, { method: "PUT", body }),
    onSuccess: (data) => client.setQueryData(["llm-connection", slug], data),
  });
}

export function usePromptVersions(slug: string) {
  return useQuery({
    queryKey: ["llm-prompts", slug],
    queryFn: () => apiCall<{ versions: PromptVersionWithPending[]; defaults: PromptInput; mode: PromptMode }>(`${base(slug)}/prompts`),
  });
}

export function useSavePrompt(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: PromptInput) => apiCall<{ version: PromptVersionView; created: boolean }>(`${base(slug)}/prompts`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["llm-prompts", slug] }),
  });
}

export function useRuns(slug: string) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: ["llm-runs", slug],
    queryFn: () => apiCall<{ runs: RunView[] }>(`${base(slug)}/runs`),
    refetchInterval: (q) => (q.state.data?.runs.some((run) => run.status === "running") ? RUN_POLL_MS : false),
  });
  // Runs that have stopped, with how: a new entry means a run ended, even one that started and
  // finished between two polls.
  const stopped = query.data?.runs.filter((run) => run.status !== "running").map((run) => `${run.id}:${run.status}`).join(",") ?? null;
  const previous = useRef(stopped);
  useEffect(() => {
    // A run ended: the pending counts per prompt version, and which invalid answers have been answered since, have changed.
    if (previous.current !== null && stopped !== previous.current) {
      void client.invalidateQueries({ queryKey: ["llm-prompts", slug] });
      void client.invalidateQueries({ queryKey: ["llm-invalid-answers", slug] });
    }
    previous.current = stopped;
  }, [client, stopped, slug]);
  return query;
}

export function useStartRun(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { promptVersion: number; limit: number | null }) => apiCall<{ run: RunView }>(`${base(slug)}/runs`, { body }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["llm-runs", slug] }),
  });
}

export function useRunAction(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ runId, action }: { runId: number; action: "pause" | "resume" | "cancel" }) =>
      apiCall<{ run: RunView }>(`${base(slug)}/runs/${runId}/${action}`, { body: {} }),
    onSettled: () => client.invalidateQueries({ queryKey: ["llm-runs", slug] }),
  });
}

export function useInvalidAnswers(slug: string, runId: number) {
  return useQuery({
    queryKey: ["llm-invalid-answers", slug, runId],
    queryFn: () => apiCall<{ answers: InvalidAnswerView[] }>(`${base(slug)}/runs/${runId}/invalid-answers`),
  });
}

/** Starts a run over another run's invalid answers, with the same prompt version. */
export function useRetryInvalidAnswers(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (runId: number) => apiCall<{ run: RunView }>(`${base(slug)}/runs/${runId}/retry`, { body: {} }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["llm-runs", slug] }),
  });
}

export function useSuggestionSettings(slug: string) {
  return useQuery({ queryKey: ["llm-settings", slug], queryFn: () => apiCall<{ settings: SuggestionSettingsView }>(`${base(slug)}/settings`) });
}

export function useSaveSuggestionSettings(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Partial<SuggestionSettingsView>) => apiCall<{ settings: SuggestionSettingsView }>(`${base(slug)}/settings`, { method: "PUT", body }),
    onSuccess: (data) => client.setQueryData(["llm-settings", slug], data),
  });
}
