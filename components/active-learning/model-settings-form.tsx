"use client";
// The lead's ranking knobs: strategy, exploration share, retrain interval, cold-start threshold,
// boosts, and the encoder model browsers embed with. Saving re-ranks the queue.
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { RankingSettingsView } from "@/lib/active-learning/server/model-views";
import { RANKING_STRATEGIES } from "@/lib/projects/workflow-settings";
import { useSaveRankingSettings } from "./use-model-api";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

const STRATEGY_LABELS: Record<(typeof RANKING_STRATEGIES)[number], string> = {
  margin: "Margin (top two labels closest)",
  entropy: "Entropy",
  least_confidence: "Least confidence",
};

export function ModelSettingsForm({ slug, settings }: { slug: string; settings: RankingSettingsView }) {
  const save = useSaveRankingSettings(slug);
  const error = save.error instanceof ApiError ? save.error : null;
  return (
    <form
      key={JSON.stringify(settings)}
      className="form"
      data-testid="ranking-settings"
      onSubmit={submitKeepingInput((form) =>
        save.mutate({
          strategy: form.get("strategy") as RankingSettingsView["strategy"],
          explorationShare: Number(form.get("explorationPercent")) / 100,
          retrainEvery: Number(form.get("retrainEvery")),
          minPerClass: Number(form.get("minPerClass")),
          rareClassBoost: Number(form.get("rareClassBoost")),
          disagreementBoost: Number(form.get("disagreementBoost")),
          encoderModel: String(form.get("encoderModel") ?? "").trim(),
        })
      )}
    >
      <div className="form-row">
        <label>
          Strategy
          <select name="strategy" defaultValue={settings.strategy}>
            {RANKING_STRATEGIES.map((s) => (
              <option key={s} value={s}>
                {STRATEGY_LABELS[s]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Exploration share (%)
          <input name="explorationPercent" type="number" min={0} max={100} step={0.1} defaultValue={Math.round(settings.explorationShare * 1000) / 10} />
        </label>
        <label>
          Retrain every (labels)
          <input name="retrainEvery" type="number" min={1} max={10000} step={1} defaultValue={settings.retrainEvery} />
        </label>
      </div>
      <div className="form-row">
        <label>
          Cold start until each label has
          <input name="minPerClass" type="number" min={1} max={100} step={1} defaultValue={settings.minPerClass} />
        </label>
        <label>
          Rare-label boost
          <input name="rareClassBoost" type="number" min={0} max={10} step={0.05} defaultValue={settings.rareClassBoost} />
        </label>
        <label>
          Model/LLM disagreement boost
          <input name="disagreementBoost" type="number" min={0} max={10} step={0.05} defaultValue={settings.disagreementBoost} />
        </label>
      </div>
      <label>
        Encoder model (loaded from the models directory, or the model hub where allowed)
        <input name="encoderModel" defaultValue={settings.encoderModel} maxLength={200} />
      </label>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
      {save.isSuccess && <p className="ok">Saved; the queue is being re-ranked.</p>}
      <button type="submit" disabled={save.isPending}>
        Save ranking settings
      </button>
    </form>
  );
}
