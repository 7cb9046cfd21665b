"use client";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

export function LoginForm({ next }: { next: string }) {
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function onSubmit(form: FormData) {
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // The server's own sentence (throttled, deactivated) when it gave one.
      setError(!result?.error || result.error === "CredentialsSignin" ? "Wrong email or password." : result.error);
      return;
    }
    window.location.assign(next);
  }

  return (
    <form onSubmit={submitKeepingInput(onSubmit)} className="card form">
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required autoFocus />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {error && (
        <p role="alert" className="error" data-testid="sign-in-error">
          {error}
        </p>
      )}
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
