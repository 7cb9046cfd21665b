"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { PROJECT_CREATION_RULE_LABELS, PROJECT_CREATION_RULES, type ProjectCreationRule } from "@/lib/projects/project-creation-rule";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

/** The site setting for who may create projects; the server checks it on every project creation. */
export function ProjectCreationForm({ current }: { current: ProjectCreationRule }) {
  const router = useRouter();
  const save = useMutation({
    mutationFn: (form: FormData) => apiCall("/api/site-settings", { method: "PUT", body: { projectCreation: String(form.get("projectCreation") ?? "") } }),
    onSuccess: () => router.refresh(),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form onSubmit={submitKeepingInput((f) => save.mutate(f))} className="form" data-testid="project-creation-form">
      <label>
        Who may create projects
        <select name="projectCreation" defaultValue={current}>
          {PROJECT_CREATION_RULES.map((rule) => (
            <option key={rule} value={rule}>
              {PROJECT_CREATION_RULE_LABELS[rule]}
            </option>
          ))}
        </select>
      </label>
      <p className="muted">Whoever creates a project leads it, and a lead can point its LLM connection at an endpoint and run it.</p>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && (
        <p className="ok" role="status">
          Saved.
        </p>
      )}
      <button type="submit" disabled={save.isPending}>
        Save
      </button>
    </form>
  );
}
