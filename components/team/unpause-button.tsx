"use client";
// Lifts a member's pause (the lead's call, audited by the server); the Team page then re-reads.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

export function UnpauseButton({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  const router = useRouter();
  const unpause = useMutation({
    mutationFn: () => apiCall(`/api/projects/${encodeURIComponent(slug)}/members/${encodeURIComponent(userId)}/pause`, { method: "DELETE" }),
    onSuccess: () => router.refresh(),
  });
  const error = unpause.error instanceof ApiError ? unpause.error : null;
  return (
    <>
      <button type="button" onClick={() => unpause.mutate()} disabled={unpause.isPending} aria-label={`Unpause ${name}`} data-testid="unpause">
        Unpause
      </button>
      <FieldErrors message={error?.message ?? null} problems={[]} />
    </>
  );
}
