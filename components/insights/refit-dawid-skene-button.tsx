"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";

type RefitAnswer = { refit: { status: "fitted" | "skipped" | "failed"; reason?: string; error?: string } };

export function RefitDawidSkeneButton({ slug }: { slug: string }) {
  const router = useRouter();
  const refit = useMutation({
    mutationFn: () => apiCall<RefitAnswer>(`/api/projects/${slug}/dawid-skene`, { body: {} }),
    onSuccess: () => router.refresh(),
  });
  const outcome = refit.data?.refit;
  return (
    <>
      <button type="button" onClick={() => refit.mutate()} disabled={refit.isPending} data-testid="refit-dawid-skene">
        {refit.isPending ? "Fitting…" : "Refit now"}
      </button>
      {outcome?.status === "skipped" && <span className="muted"> Not fitted: {outcome.reason}.</span>}
      {outcome?.status === "failed" && <span className="error"> Failed: {outcome.error}</span>}
      {refit.error && <span className="error">{refit.error instanceof ApiError ? refit.error.message : "Failed."}</span>}
    </>
  );
}
