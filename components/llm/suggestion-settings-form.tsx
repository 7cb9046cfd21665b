"use client";
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { useSaveSuggestionSettings, useSuggestionSettings } from "./use-llm-api";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

/** Which suggestions annotators see, and the share of items whose suggestion is withheld. */
export function SuggestionSettingsForm({ slug, canEdit }: { slug: string; canEdit: boolean }) {
  const settings = useSuggestionSettings(slug);
  const save = useSaveSuggestionSettings(slug);
  const error = save.error instanceof ApiError ? save.error : null;
  const current = settings.data?.settings;
  if (!current) return <p className="muted">Loading…</p>;

  return (
    <form
      key={JSON.stringify(current)}
      className="form"
      data-testid="llm-suggestion-settings"
      onSubmit={submitKeepingInput((form) =>
        save.mutate({
          llmSuggestions: form.get("llmSuggestions") === "on",
          modelSuggestions: form.get("modelSuggestions") === "on",
          anchoringShare: Number(form.get("anchoringPercent")) / 100,
        })
      )}
    >
      <fieldset disabled={!canEdit}>
        <label className="checkbox">
          <input type="checkbox" name="llmSuggestions" defaultChecked={current.llmSuggestions} /> Show LLM and imported suggestions to annotators
        </label>
        <label className="checkbox">
          <input type="checkbox" name="modelSuggestions" defaultChecked={current.modelSuggestions} /> Show the project classifier&apos;s predictions when
          there is no LLM suggestion
        </label>
        <label>
          Withhold the suggestion on this share of items (%), to measure how much suggestions sway annotators
          <input name="anchoringPercent" type="number" min={0} max={100} step={0.1} defaultValue={Math.round(current.anchoringShare * 1000) / 10} />
        </label>
        <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
        {save.isSuccess && <p className="ok">Saved.</p>}
        <button type="submit" disabled={save.isPending}>
          Save suggestion settings
        </button>
      </fieldset>
    </form>
  );
}
