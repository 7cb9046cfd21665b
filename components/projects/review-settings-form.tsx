"use client";
// The lead's review knobs: when an item goes to a reviewer, how contested items are resolved
// (majority vote, or Dawid–Skene above a posterior), how often the model is refitted, and whether
// reviewers may decide items they annotated. Saving re-resolves every item.
import { useMutation } from "@tanstack/react-query";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { WorkflowSettings } from "@/lib/projects/workflow-settings";

type ReviewSettings = WorkflowSettings["review"];

export function ReviewSettingsForm({ slug, settings }: { slug: string; settings: ReviewSettings }) {
  const save = useMutation({
    mutationFn: (changes: Partial<ReviewSettings>) => apiCall<{ settings: ReviewSettings }>(`/api/projects/${slug}/review-settings`, { method: "PATCH", body: changes }),
  });
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      className="form"
      data-testid="review-settings"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        save.mutate({
          aggregation: form.get("aggregation") === "dawid-skene" ? "dawid-skene" : "majority",
          agreementThreshold: Number(form.get("agreementPercent")) / 100,
          dawidSkenePosterior: Number(form.get("posterior")),
          dawidSkeneEvery: Number(form.get("refitEvery")),
          allowSelfAdjudication: form.get("allowSelfAdjudication") === "on",
        });
      }}
    >
      <div className="form-row">
        <label>
          Resolve contested items by
          <select name="aggregation" defaultValue={settings.aggregation}>
            <option value="majority">Majority vote</option>
            <option value="dawid-skene">Dawid–Skene (weighs annotators by reliability)</option>
          </select>
        </label>
        <label>
          Review below agreement (%)
          <input name="agreementPercent" type="number" min={0} max={100} step={1} defaultValue={Math.round(settings.agreementThreshold * 100)} />
        </label>
        <label>
          Review below Dawid–Skene posterior
          <input name="posterior" type="number" min={0} max={1} step={0.01} defaultValue={settings.dawidSkenePosterior} />
        </label>
        <label>
          Refit every (labels)
          <input name="refitEvery" type="number" min={1} max={100000} step={1} defaultValue={settings.dawidSkeneEvery} />
        </label>
      </div>
      <label className="checkbox">
        <input name="allowSelfAdjudication" type="checkbox" defaultChecked={settings.allowSelfAdjudication} /> Reviewers may decide items they annotated
      </label>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && <p className="ok">Saved; every item is being re-resolved.</p>}
      <button type="submit" disabled={save.isPending}>
        Save review settings
      </button>
    </form>
  );
}
