"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

type Settings = { name: string; guidelines: string; overlap: number; visibleMetadata: string[]; leaseMinutes: number };

export function ProjectSettingsForm({ slug, project }: { slug: string; project: Settings }) {
  const router = useRouter();
  const save = useMutation({
    mutationFn: (form: FormData) =>
      apiCall(`/api/projects/${slug}/settings`, {
        method: "PATCH",
        body: {
          name: String(form.get("name") ?? ""),
          guidelines: String(form.get("guidelines") ?? ""),
          overlap: Number(form.get("overlap")),
          leaseMinutes: Number(form.get("leaseMinutes")),
          visibleMetadata: String(form.get("visibleMetadata") ?? "")
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean),
        },
      }),
    onSuccess: () => router.refresh(),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form onSubmit={submitKeepingInput((f) => save.mutate(f))} className="form" data-testid="settings-form">
      <label>
        Name <input name="name" defaultValue={project.name} required maxLength={120} />
      </label>
      <label>
        Annotators per item (overlap) <input name="overlap" type="number" min={1} max={20} defaultValue={project.overlap} />
      </label>
      <label>
        Lease (minutes an item stays reserved for an annotator)
        <input name="leaseMinutes" type="number" min={1} max={1440} defaultValue={project.leaseMinutes} />
      </label>
      <label>
        Metadata fields shown to annotators, comma-separated
        <input name="visibleMetadata" defaultValue={project.visibleMetadata.join(", ")} />
      </label>
      <label>
        Guidelines (Markdown; HTML is not rendered)
        <textarea name="guidelines" rows={8} defaultValue={project.guidelines} />
      </label>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && <p className="ok">Saved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save settings
      </button>
    </form>
  );
}
