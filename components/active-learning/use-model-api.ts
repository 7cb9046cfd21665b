"use client";
// The model section's data: react-query hooks over /api/projects/[slug]/model/*. The overview is
// polled, quickly while a retrain runs, so a lead sees a new version within seconds.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { apiCall } from "@/components/ui/api-client";
import type { ItemExplanationView, ModelOverviewView, RankingSettingsView } from "@/lib/active-learning/server/model-views";
import type { JobView } from "@/lib/jobs/job-view";

const POLL_MS = 10_000;
const POLL_WHILE_RETRAINING_MS = 1_000;

function base(slug: string): string {
  return `/api/projects/${encodeURIComponent(slug)}/model`;
}

export function useModelOverview(slug: string) {
  return useQuery({
    queryKey: ["model", slug],
    queryFn: () => apiCall<ModelOverviewView>(base(slug)),
    refetchInterval: (query) => (query.state.data?.retraining ? POLL_WHILE_RETRAINING_MS : POLL_MS),
  });
}

export function useRetrain(slug: string) {
  const client = useQueryClient();
  return useMutation({
    // Answers with the queued retrain job; model-section.tsx follows it until it ends.
    mutationFn: () => apiCall<{ job: JobView }>(`${base(slug)}/retrain`, { body: {} }),
    // The overview now says a retrain is queued; it polls quickly until the retrain ends.
    onSettled: () => client.invalidateQueries({ queryKey: ["model", slug] }),
  });
}

export function useSaveRankingSettings(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (changes: Partial<RankingSettingsView>) => apiCall<{ settings: RankingSettingsView }>(`${base(slug)}/settings`, { method: "PATCH", body: changes }),
    onSuccess: () => client.invalidateQueries({ queryKey: ["model", slug] }),
  });
}

export function useDiscardEmbeddings(slug: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: { modelId: string; userId: string }) => apiCall<{ discarded: number }>(`${base(slug)}/embeddings/discard`, { body }),
    onSettled: () => client.invalidateQueries({ queryKey: ["model", slug] }),
  });
}

export function useItemExplanation(slug: string, itemRef: string | null) {
  return useQuery({
    queryKey: ["model-item", slug, itemRef],
    queryFn: () => apiCall<{ explanation: ItemExplanationView }>(`${base(slug)}/items/${encodeURIComponent(itemRef ?? "")}`),
    enabled: itemRef !== null,
    retry: false,
  });
}
