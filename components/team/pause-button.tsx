"use client";
// A lead pauses an annotator by hand, with a reason the Team page and the audit keep. The form
// opens in place; Escape closes it without pausing.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

export function PauseButton({ slug, userId, name }: { slug: string; userId: string; name: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState("");
  const pause = useMutation({
    mutationFn: () =>
      apiCall(`/api/projects/${encodeURIComponent(slug)}/members/${encodeURIComponent(userId)}/pause`, { method: "POST", body: { reason } }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const error = pause.error instanceof ApiError ? pause.error : null;
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} aria-label={`Pause ${name}`} data-testid="pause">
        Pause…
      </button>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        pause.mutate();
      }}
      onKeyDown={(event) => {
        if (event.key === "Escape") setOpen(false);
      }}
    >
      <label>
        Why pause {name}?{" "}
        <input autoFocus required maxLength={500} value={reason} onChange={(event) => setReason(event.target.value)} data-testid="pause-reason" />
      </label>{" "}
      <button type="submit" disabled={pause.isPending}>
        Pause
      </button>{" "}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
    </form>
  );
}
