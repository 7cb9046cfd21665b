"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

export function NewUserForm() {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (form: FormData) =>
      apiCall("/api/users", {
        body: {
          email: String(form.get("email") ?? ""),
          name: String(form.get("name") ?? ""),
          password: String(form.get("password") ?? ""),
          isAdmin: form.get("isAdmin") === "on",
        },
      }),
    onSuccess: () => router.refresh(),
  });
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <form onSubmit={submitKeepingInput((f, form) => create.mutate(f, { onSuccess: () => form.reset() }))} className="form" data-testid="new-user-form">
      <label>
        Email <input name="email" type="email" required />
      </label>
      <label>
        Name <input name="name" required maxLength={120} />
      </label>
      <label>
        Initial password <input name="password" type="password" minLength={8} required autoComplete="new-password" />
      </label>
      <label className="checkbox">
        <input name="isAdmin" type="checkbox" /> Site admin
      </label>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {create.isSuccess && <p className="ok">User created.</p>}
      <button type="submit" disabled={create.isPending}>
        Create user
      </button>
    </form>
  );
}
