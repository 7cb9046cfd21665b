"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { FieldProblem, invalidWhen } from "@/components/ui/field-problem";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import { labelsFromList } from "@/lib/projects/project-input";

type Created = { project: { slug: string } };

export function NewProjectForm() {
  const router = useRouter();
  const create = useMutation({
    mutationFn: (form: FormData) =>
      apiCall<Created>("/api/projects", {
        body: {
          name: String(form.get("name") ?? ""),
          slug: String(form.get("slug") ?? ""),
          taskType: String(form.get("taskType") ?? "single_label"),
          labels: labelsFromList(String(form.get("labels") ?? "")),
          guidelines: String(form.get("guidelines") ?? ""),
          overlap: Number(form.get("overlap") ?? 1),
        },
      }),
    onSuccess: (res) => router.push(`/projects/${res.project.slug}/settings`),
  });
  const error = create.error instanceof ApiError ? create.error : null;
  const problems = error?.problems ?? [];
  // Each field's problem sits under it; the summary below lists whatever names no field.
  const field = (name: string) => ({ id: `new-project-${name}-error`, problems, field: name });
  const unplaced = problems.filter((p) => !p.field || !["name", "slug", "taskType", "labels", "overlap", "guidelines"].some((f) => p.field === f || p.field!.startsWith(`${f}.`)));

  return (
    <form onSubmit={submitKeepingInput((f) => create.mutate(f))} className="form" data-testid="new-project-form">
      <label>
        Name <input name="name" required maxLength={120} {...invalidWhen(problems, "name", "new-project-name-error")} />
        <FieldProblem {...field("name")} />
      </label>
      <label>
        Slug (in the URL) <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={48} {...invalidWhen(problems, "slug", "new-project-slug-error")} />
        <FieldProblem {...field("slug")} />
      </label>
      <label>
        Task
        <select name="taskType" defaultValue="single_label">
          <option value="single_label">Single-label classification</option>
          <option value="multi_label">Multi-label classification</option>
        </select>
      </label>
      <label>
        Labels, comma-separated <input name="labels" required placeholder="ham, spam" {...invalidWhen(problems, "labels", "new-project-labels-error")} />
        <FieldProblem {...field("labels")} />
      </label>
      <label>
        Annotators per item (overlap) <input name="overlap" type="number" min={1} max={20} defaultValue={1} {...invalidWhen(problems, "overlap", "new-project-overlap-error")} />
        <FieldProblem {...field("overlap")} />
      </label>
      <label>
        Guidelines (Markdown) <textarea name="guidelines" rows={4} {...invalidWhen(problems, "guidelines", "new-project-guidelines-error")} />
        <FieldProblem {...field("guidelines")} />
      </label>
      <FieldErrors message={error?.message ?? (create.error ? "Could not create the project." : null)} problems={unplaced} />
      <button type="submit" disabled={create.isPending}>
        Create project
      </button>
    </form>
  );
}
