"use client";
// The lead's gold checks: how often gold items come in annotators' queues, the accuracy below
// which an annotator is flagged or paused, and a gold set made from an export snapshot. It reads
// and saves through its own API routes, so the settings page renders it with one line.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { WorkflowSettings } from "@/lib/projects/workflow-settings";

type GoldSettings = WorkflowSettings["gold"];
type GoldOverview = { settings: GoldSettings; goldItems: number; snapshots: { id: number; name: string; items: number }[] };
type SnapshotMarked = { marked: number; replaced: number; skipped: number };

export function GoldSettingsSection({ slug }: { slug: string }) {
  const base = `/api/projects/${encodeURIComponent(slug)}/gold`;
  const client = useQueryClient();
  const overview = useQuery({ queryKey: ["gold-settings", slug], queryFn: () => apiCall<GoldOverview>(`${base}/settings`) });
  const refresh = () => void client.invalidateQueries({ queryKey: ["gold-settings", slug] });
  const save = useMutation({
    mutationFn: (changes: Partial<GoldSettings>) => apiCall<{ settings: GoldSettings }>(`${base}/settings`, { method: "PATCH", body: changes }),
    onSuccess: refresh,
  });
  const fromSnapshot = useMutation({
    mutationFn: (snapshotId: number) => apiCall<SnapshotMarked>(`${base}/snapshot`, { body: { snapshotId } }),
    onSuccess: refresh,
  });
  const [snapshotId, setSnapshotId] = useState("");
  const saveError = save.error instanceof ApiError ? save.error : null;
  const snapshotError = fromSnapshot.error instanceof ApiError ? fromSnapshot.error : null;

  return (
    <section className="card" data-testid="gold-settings" aria-labelledby="gold-settings-title">
      <h2 id="gold-settings-title">Gold checks</h2>
      {overview.isPending && <p className="muted">Loading…</p>}
      {overview.error && <FieldErrors message={`The gold settings could not be loaded: ${overview.error.message}`} problems={[]} />}
      {overview.data && (
        <>
          <p className="muted" data-testid="gold-count">
            {overview.data.goldItems} gold item(s) in force. Mark single items on their item page, or a whole set from a snapshot below. Gold answers are
            never votes and annotators are never shown them.
          </p>
          <form
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              const form = new FormData(event.currentTarget);
              save.mutate({
                rate: Number(form.get("ratePercent")) / 100,
                threshold: Number(form.get("thresholdPercent")) / 100,
                minAnswers: Number(form.get("minAnswers")),
                action: form.get("action") === "pause" ? "pause" : "flag",
              });
            }}
          >
            <div className="form-row">
              <label>
                Gold items in the queue (% of items, at most 50)
                <input name="ratePercent" type="number" min={0} max={50} step={1} defaultValue={Math.round(overview.data.settings.rate * 100)} />
              </label>
              <label>
                Accuracy threshold (%)
                <input name="thresholdPercent" type="number" min={0} max={100} step={1} defaultValue={Math.round(overview.data.settings.threshold * 100)} />
              </label>
              <label>
                Answers needed before judging
                <input name="minAnswers" type="number" min={1} max={10000} step={1} defaultValue={overview.data.settings.minAnswers} />
              </label>
              <label>
                Below the threshold
                <select name="action" defaultValue={overview.data.settings.action}>
                  <option value="flag">Flag the annotator on the Team page</option>
                  <option value="pause">Pause the annotator until a lead lifts it</option>
                </select>
              </label>
            </div>
            <FieldErrors message={saveError?.message ?? null} problems={saveError?.problems ?? []} />
            {save.isSuccess && <p className="ok">Gold settings saved.</p>}
            <button type="submit" disabled={save.isPending}>
              Save gold settings
            </button>
          </form>
          <form
            className="form inline"
            onSubmit={(event) => {
              event.preventDefault();
              if (snapshotId) fromSnapshot.mutate(Number(snapshotId));
            }}
          >
            <label>
              Gold set from a snapshot (its final labels become the answers)
              <select name="snapshot" value={snapshotId} onChange={(event) => setSnapshotId(event.target.value)}>
                <option value="">Choose a snapshot…</option>
                {overview.data.snapshots.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name} ({s.items} items)
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={!snapshotId || fromSnapshot.isPending}>
              Make gold set
            </button>
            {overview.data.snapshots.length === 0 && <p className="muted">No snapshot yet: make one on the Export page.</p>}
            <FieldErrors message={snapshotError?.message ?? null} problems={snapshotError?.problems ?? []} />
            {fromSnapshot.data && (
              <p className="ok" role="status">
                {fromSnapshot.data.marked} item(s) marked gold ({fromSnapshot.data.replaced} answer(s) replaced
                {fromSnapshot.data.skipped > 0 ? `, ${fromSnapshot.data.skipped} left out: their labels are no longer in the label set` : ""}).
              </p>
            )}
          </form>
        </>
      )}
    </section>
  );
}
