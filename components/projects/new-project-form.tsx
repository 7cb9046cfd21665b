"use client";
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { FieldProblem, invalidWhen } from "@/components/ui/field-problem";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import { labelsFromList } from "@/lib/projects/project-input";
import { useState } from "react";
import { EntityTypesFieldset } from "./entity-types-fieldset";
import { newEntityTypeRow, spanProjectFields, type EntityTypeRow } from "./span-project-input";

type Created = { project: { slug: string } };

function firstEntityRows(): EntityTypeRow[] {
  const first = newEntityTypeRow([]);
  return [first, newEntityTypeRow([first])];
}

export function NewProjectForm() {
  const router = useRouter();
  const [taskType, setTaskType] = useState("single_label");
  const [entityRows, setEntityRows] = useState<EntityTypeRow[]>(firstEntityRows);
  const spans = taskType === "spans";
  const create = useMutation({
    mutationFn: (form: FormData) =>
      apiCall<Created>("/api/projects", {
        body: {
          name: String(form.get("name") ?? ""),
          slug: String(form.get("slug") ?? ""),
          taskType,
          ...(spans
            ? spanProjectFields({
                entityTypes: entityRows,
                itemLabels: String(form.get("itemLabels") ?? ""),
                characterLevel: form.get("characterLevel") === "on",
                allowOverlap: form.get("allowOverlap") === "on",
              })
            : { labels: labelsFromList(String(form.get("labels") ?? "")) }),
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
  // A spans project's label problems sit beside their entity type rows; item labels (after the
  // entity types) and `spans` problems fall to the summary.
  const placedFields = spans ? ["name", "slug", "taskType", "overlap", "guidelines"] : ["name", "slug", "taskType", "labels", "overlap", "guidelines"];
  const entityCount = entityRows.filter((row) => row.name.trim() !== "").length;
  const placedEntity = (field: string) => spans && /^labels\.(\d+)(\.|$)/.test(field) && Number(field.split(".")[1]) < entityCount;
  const unplaced = problems.filter((p) => !p.field || !(placedFields.some((f) => p.field === f || p.field!.startsWith(`${f}.`)) || placedEntity(p.field)));

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
      {/* Not nested in its label: the options' text ("named entities") would become part of the label's. */}
      <div className="field">
        <label htmlFor="new-project-task">Task</label>
        <select id="new-project-task" name="taskType" value={taskType} onChange={(e) => setTaskType(e.target.value)}>
          <option value="single_label">Single-label classification</option>
          <option value="multi_label">Multi-label classification</option>
          <option value="spans">Spans (named entities)</option>
        </select>
      </div>
      {spans ? (
        <EntityTypesFieldset rows={entityRows} onRowsChange={setEntityRows} problems={problems} />
      ) : (
        <label>
          Labels, comma-separated <input name="labels" required placeholder="ham, spam" {...invalidWhen(problems, "labels", "new-project-labels-error")} />
          <FieldProblem {...field("labels")} />
        </label>
      )}
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
