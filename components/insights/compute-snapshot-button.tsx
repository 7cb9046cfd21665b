"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";

export function ComputeSnapshotButton({ slug }: { slug: string }) {
  const router = useRouter();
  const compute = useMutation({
    mutationFn: () => apiCall(`/api/projects/${slug}/agreement`, { body: {} }),
    onSuccess: () => router.refresh(),
  });
  return (
    <>
      <button type="button" onClick={() => compute.mutate()} disabled={compute.isPending} data-testid="compute-agreement">
        {compute.isPending ? "Computing…" : "Compute agreement now"}
      </button>
      {compute.error && <span className="error">{compute.error instanceof ApiError ? compute.error.message : "Failed."}</span>}
    </>
  );
}
