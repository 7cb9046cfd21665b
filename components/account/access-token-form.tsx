"use client";
import { useState } from "react";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import type { CreateTokenInput } from "@/app/api/account/tokens/schemas";
import { NewTokenSecret } from "./new-token-secret";

type ProjectChoice = { slug: string; name: string; role: string | null };
type Created = { token: { name: string }; secret: string };

/** Creates an access token; its secret is then shown once, above the form. */
export function AccessTokenForm({ projects, isAdmin }: { projects: ProjectChoice[]; isAdmin: boolean }) {
  const router = useRouter();
  const [scope, setScope] = useState<"all" | "some">("all");
  const create = useMutation({
    mutationFn: (form: FormData) => {
      const body: Partial<CreateTokenInput> & { name: string } = {
        name: String(form.get("name") ?? ""),
        role: String(form.get("role") ?? "lead") as CreateTokenInput["role"],
        expiresInDays: Number(form.get("expiresInDays") ?? 90),
        siteAdmin: form.get("siteAdmin") === "on",
      };
      if (form.get("scope") === "some") body.projects = form.getAll("projects").map(String);
      return apiCall<Created>("/api/account/tokens", { body });
    },
    onSuccess: () => router.refresh(),
  });
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <>
      {create.data && <NewTokenSecret name={create.data.token.name} secret={create.data.secret} onDone={() => create.reset()} />}
      <form onSubmit={submitKeepingInput((f, form) => create.mutate(f, { onSuccess: () => form.reset() }))} className="form" data-testid="new-token-form">
        <label>
          Name <input name="name" required maxLength={100} placeholder="nightly export script" />
        </label>
        <fieldset>
          <legend>Projects</legend>
          <label className="checkbox">
            <input type="radio" name="scope" value="all" checked={scope === "all"} onChange={() => setScope("all")} /> All my projects, present and future
          </label>
          <label className="checkbox">
            <input type="radio" name="scope" value="some" checked={scope === "some"} onChange={() => setScope("some")} disabled={projects.length === 0} /> Only these:
          </label>
          {scope === "some" && (
            <ul className="checkbox-list" aria-label="Projects the token reaches">
              {projects.map((p) => (
                <li key={p.slug}>
                  <label className="checkbox">
                    <input type="checkbox" name="projects" value={p.slug} /> {p.name} <span className="muted">({p.role ?? "site admin"})</span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <label>
          Highest role{" "}
          <select name="role" defaultValue="lead" aria-describedby="role-hint">
            <option value="lead">lead</option>
            <option value="reviewer">reviewer</option>
            <option value="annotator">annotator</option>
          </select>
          <span id="role-hint" className="muted">
            In each project the token acts with the lower of this and your own role there.
          </span>
        </label>
        <label>
          Expires after{" "}
          <select name="expiresInDays" defaultValue="90">
            <option value="7">7 days</option>
            <option value="30">30 days</option>
            <option value="90">90 days</option>
            <option value="180">180 days</option>
            <option value="365">365 days</option>
          </select>
        </label>
        {isAdmin && (
          <label className="checkbox">
            <input name="siteAdmin" type="checkbox" /> Site-admin powers (users, site settings, every project)
          </label>
        )}
        <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
    </>
  );
}
