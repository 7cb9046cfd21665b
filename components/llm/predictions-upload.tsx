"use client";
import { useState } from "react";
import type { ApiProblem } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

type Outcome =
  | { kind: "idle" }
  | { kind: "sending" }
  | { kind: "done"; inserted: number; duplicates: number }
  | { kind: "failed"; message: string; problems: ApiProblem[] };

/**
 * Uploads a file of external predictions (item, label or labels, score, model, model_version).
 * The file goes as the raw body, like item imports, so the server reads it as a stream.
 */
export function PredictionsUpload({ slug }: { slug: string }) {
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });

  async function submit(form: FormData) {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setOutcome({ kind: "failed", message: "Choose a non-empty file first.", problems: [] });
      return;
    }
    const params = new URLSearchParams({ fileName: file.name, itemField: String(form.get("itemField") || "item") });
    setOutcome({ kind: "sending" });
    try {
      const response = await fetch(`/api/projects/${encodeURIComponent(slug)}/predictions?${params}`, {
        method: "POST",
        headers: { "content-type": "application/octet-stream" },
        body: file,
        credentials: "same-origin",
      });
      const body = (await response.json().catch(() => null)) as { inserted?: number; duplicates?: number; message?: string; problems?: ApiProblem[] } | null;
      if (response.ok && body) setOutcome({ kind: "done", inserted: body.inserted ?? 0, duplicates: body.duplicates ?? 0 });
      else setOutcome({ kind: "failed", message: body?.message ?? `The import failed (${response.status}).`, problems: body?.problems ?? [] });
    } catch {
      setOutcome({ kind: "failed", message: "The upload failed: the server could not be reached.", problems: [] });
    }
  }

  return (
    <form onSubmit={submitKeepingInput(submit)} className="form" data-testid="llm-predictions-form">
      <p className="muted">
        JSON Lines or CSV with a header: <code>item</code>, <code>label</code> (or <code>labels</code>, a list or <code>a|b</code>), and optionally{" "}
        <code>score</code> (0–1), <code>model</code>, <code>model_version</code>. They become suggestions shown as “Imported”. A file is imported whole
        or not at all.
      </p>
      <label>
        File <input type="file" name="file" accept=".jsonl,.ndjson,.csv,.tsv" required data-testid="llm-predictions-file" />
      </label>
      <label>
        Item id column <input name="itemField" defaultValue="item" required />
      </label>
      {outcome.kind === "done" && (
        <p className="ok" role="status" data-testid="llm-predictions-result">
          {outcome.inserted} new, {outcome.duplicates} already present.
        </p>
      )}
      <FieldErrors message={outcome.kind === "failed" ? outcome.message : null} problems={outcome.kind === "failed" ? outcome.problems : []} />
      <button type="submit" disabled={outcome.kind === "sending"}>
        Import predictions
      </button>
    </form>
  );
}
