"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";

type Props = { userId: string; email: string; active: boolean; isSelf: boolean };

/** A site admin's actions on one account: a password reset (the temporary password is shown once) and (de)activation. */
export function UserActions({ userId, email, active, isSelf }: Props) {
  const router = useRouter();
  const reset = useMutation({
    mutationFn: () => apiCall<{ temporaryPassword: string }>(`/api/users/${userId}/password-reset`, { body: {} }),
  });
  const toggle = useMutation({
    mutationFn: () => apiCall(`/api/users/${userId}`, { method: "PATCH", body: { active: !active } }),
    onSuccess: () => router.refresh(),
  });
  const error = [reset.error, toggle.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  return (
    <div className="form inline" data-testid={`user-actions-${email}`}>
      <button type="button" onClick={() => reset.mutate()} disabled={reset.isPending}>
        Reset password
      </button>
      {!isSelf && (
        <button type="button" onClick={() => toggle.mutate()} disabled={toggle.isPending}>
          {active ? "Deactivate" : "Reactivate"}
        </button>
      )}
      {reset.data && (
        <p className="ok" data-testid="temporary-password">
          Temporary password for {email}: <code>{reset.data.temporaryPassword}</code> (shown once; they must change it at sign-in)
        </p>
      )}
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
    </div>
  );
}
