"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
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

  return (
    <form action={(f) => create.mutate(f)} className="form" data-testid="new-project-form">
      <label>
        Name <input name="name" required maxLength={120} />
      </label>
      <label>
        Slug (in the URL) <input name="slug" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={48} />
      </label>
      <label>
        Task
        <select name="taskType" defaultValue="single_label">
          <option value="single_label">Single-label classification</option>
          <option value="multi_label">Multi-label classification</option>
        </select>
      </label>
      <label>
        Labels, comma-separated <input name="labels" required placeholder="ham, spam" />
      </label>
      <label>
        Annotators per item (overlap) <input name="overlap" type="number" min={1} max={20} defaultValue={1} />
      </label>
      <label>
        Guidelines (Markdown) <textarea name="guidelines" rows={4} />
      </label>
      <FieldErrors message={error?.message ?? (create.error ? "Could not create the project." : null)} problems={error?.problems ?? []} />
      <button type="submit" disabled={create.isPending}>
        Create project
      </button>
    </form>
  );
}
