"use client";
import { useMutation } from "@tanstack/react-query";
import { signIn } from "next-auth/react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

export function ChangePasswordForm({ email }: { email: string }) {
  const change = useMutation({
    mutationFn: async (form: FormData) => {
      const currentPassword = String(form.get("currentPassword") ?? "");
      const newPassword = String(form.get("newPassword") ?? "");
      if (newPassword !== String(form.get("confirmPassword") ?? "")) throw new ApiError(400, "The two new passwords differ.");
      await apiCall("/api/account/password", { body: { currentPassword, newPassword } });
      // The change ended every session, this one included: sign in again with the new password.
      const result = await signIn("credentials", { email, password: newPassword, redirect: false });
      if (!result || result.error) throw new ApiError(401, "Password changed; sign in again with the new one.");
    },
    onSuccess: () => window.location.assign("/projects"),
  });
  const error = change.error instanceof ApiError ? change.error : null;
  return (
    <form onSubmit={submitKeepingInput((f) => change.mutate(f))} className="card form" data-testid="change-password-form">
      <label>
        Current password <input name="currentPassword" type="password" required autoComplete="current-password" />
      </label>
      <label>
        New password <input name="newPassword" type="password" minLength={8} required autoComplete="new-password" />
      </label>
      <label>
        New password again <input name="confirmPassword" type="password" minLength={8} required autoComplete="new-password" />
      </label>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      <button type="submit" disabled={change.isPending}>
        Change password
      </button>
    </form>
  );
}
