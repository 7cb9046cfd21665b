"use client";
import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { FieldErrors } from "@/components/ui/field-errors";
import type { ApiProblem } from "@/components/ui/api-client";
import { useProjectJob } from "@/components/jobs/use-project-job";
import type { ItemImportResult } from "@/lib/import/server/item-import-job";
import type { JobView } from "@/lib/jobs/job-view";

type Outcome =
  | { kind: "idle" }
  | { kind: "uploading"; sent: number; total: number }
  | { kind: "processing" }
  /** A large file, checked and being stored by a background job (the upload answered 202). */
  | { kind: "stored-by-job"; job: JobView }
  | { kind: "done"; inserted: number; duplicates: number; warnings: string[] }
  | { kind: "failed"; message: string; problems: ApiProblem[] };

/** Uploads with XMLHttpRequest because fetch cannot report upload progress. */
function upload(url: string, file: File, onProgress: (sent: number, total: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    xhr.setRequestHeader("content-type", "application/octet-stream");
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(new Error("The upload failed: the server could not be reached."));
    xhr.send(file);
  });
}

/** How a finished item-import job reads as the form's outcome. */
function jobOutcome(job: JobView): Outcome {
  const result = job.result as ItemImportResult | null;
  if (job.state === "succeeded" && result?.outcome === "imported")
    return { kind: "done", inserted: result.inserted, duplicates: result.duplicates, warnings: result.warnings };
  if (job.state === "succeeded" && result?.outcome === "refused") return { kind: "failed", message: result.message, problems: result.problems };
  return { kind: "failed", message: `The import failed: ${job.error ?? job.state}. Nothing was imported.`, problems: [] };
}

/** Follows the job storing a large file until it ends, then hands its outcome to the form. */
function ImportJobProgress({ slug, job: started, onEnd }: { slug: string; job: JobView; onEnd: (job: JobView) => void }) {
  const job = useProjectJob(slug, started, onEnd) ?? started;
  const progress = job.progress;
  return (
    <div role="status" data-testid="import-items-job">
      <p>
        Checked; storing the items in the background
        {progress ? ` (${progress.message ?? job.state}, ${progress.total.toLocaleString()} items)` : ` (${job.state})`}. You may leave this page: the
        import finishes on its own.
      </p>
      {job.state === "queued" && job.error && (
        <p className="muted small">
          Attempt {job.attempts} failed ({job.error}); retrying.
        </p>
      )}
    </div>
  );
}

/**
 * `items` imports texts; `annotations` imports existing labels (rows or a Label Studio export).
 * `spans`: a spans project's item import, whose files bring their entities (lib/import/span-file-format.ts).
 */
export function ImportForm({ slug, kind, spans = false }: { slug: string; kind: "items" | "annotations"; spans?: boolean }) {
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome>({ kind: "idle" });
  const onJobEnd = useCallback(
    (job: JobView) => {
      setOutcome(jobOutcome(job));
      router.refresh();
    },
    [router],
  );

  async function onSubmit(form: FormData) {
    const file = form.get("file");
    if (!(file instanceof File) || file.size === 0) {
      setOutcome({ kind: "failed", message: "Choose a non-empty file first.", problems: [] });
      return;
    }
    const params = new URLSearchParams({ fileName: file.name });
    const fields = spans ? ["offsets"] : kind === "items" ? ["textField", "idField"] : ["itemField", "annotatorField", "labelField"];
    for (const field of fields) {
      const value = String(form.get(field) ?? "").trim();
      if (value) params.set(field, value);
    }
    const format = String(form.get("format") ?? "");
    if (format) params.set("format", format);
    setOutcome({ kind: "uploading", sent: 0, total: file.size });
    try {
      const res = await upload(`/api/projects/${slug}/${kind === "items" ? "import" : "import-annotations"}?${params}`, file, (sent, total) =>
        setOutcome(sent >= total ? { kind: "processing" } : { kind: "uploading", sent, total }),
      );
      const body = res.body as { inserted?: number; duplicates?: number; warnings?: string[]; message?: string; problems?: ApiProblem[]; job?: JobView } | null;
      if (res.status === 202 && body?.job) setOutcome({ kind: "stored-by-job", job: body.job });
      else if (res.status >= 200 && res.status < 300 && body) {
        setOutcome({ kind: "done", inserted: body.inserted ?? 0, duplicates: body.duplicates ?? 0, warnings: body.warnings ?? [] });
        router.refresh();
      } else {
        setOutcome({ kind: "failed", message: body?.message ?? `The import failed (${res.status}).`, problems: body?.problems ?? [] });
      }
    } catch (error) {
      setOutcome({ kind: "failed", message: (error as Error).message, problems: [] });
    }
  }

  const busy = outcome.kind === "uploading" || outcome.kind === "processing" || outcome.kind === "stored-by-job";
  return (
    <form
      // A plain submit handler, not a form action: React resets a form after its action, which
      // would race with choosing the next file.
      onSubmit={(event) => {
        event.preventDefault();
        void onSubmit(new FormData(event.currentTarget));
      }}
      className="form"
      data-testid={`import-${kind}-form`}
    >
      <label>
        File{" "}
        <input type="file" name="file" accept={spans ? ".jsonl,.ndjson,.conll,.bio,.iob,.json" : ".jsonl,.ndjson,.csv,.tsv,.json"} required data-testid={`import-${kind}-file`} />
      </label>
      <label>
        Format
        <select name="format" defaultValue="">
          <option value="">from the file extension</option>
          <option value="jsonl">JSON Lines</option>
          {spans ? (
            <option value="conll">CoNLL BIO</option>
          ) : (
            <>
              <option value="csv">CSV</option>
              <option value="tsv">TSV</option>
            </>
          )}
          {(kind === "annotations" || spans) && <option value="label-studio">Label Studio JSON export</option>}
        </select>
      </label>
      {spans ? (
        <label>
          JSON Lines span offsets
          <select name="offsets" defaultValue="">
            <option value="">code points (Python, Hugging Face, spaCy)</option>
            <option value="utf-16">UTF-16 units (JavaScript)</option>
          </select>
        </label>
      ) : kind === "items" ? (
        <>
          <label>
            Text field <input name="textField" defaultValue="text" required />
          </label>
          <label>
            Id field (left out of every row: ids are derived from the text) <input name="idField" defaultValue="id" required />
          </label>
        </>
      ) : (
        <>
          <label>
            Item id field <input name="itemField" placeholder="item" />
          </label>
          <label>
            Annotator field <input name="annotatorField" placeholder="annotator" />
          </label>
          <label>
            Label field (one label, a JSON array or a|b) <input name="labelField" placeholder="label" />
          </label>
        </>
      )}
      {outcome.kind === "uploading" && (
        <progress className="upload-progress" max={outcome.total} value={outcome.sent} aria-label="Upload progress" />
      )}
      {outcome.kind === "processing" && <p>Checking and storing the items…</p>}
      {outcome.kind === "stored-by-job" && <ImportJobProgress slug={slug} job={outcome.job} onEnd={onJobEnd} />}
      {outcome.kind === "done" && (
        <div className="ok" role="status" data-testid={`import-${kind}-result`}>
          {outcome.inserted} new, {outcome.duplicates} already present.
          {outcome.warnings.length > 0 && (
            <ul className="muted">
              {outcome.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <FieldErrors message={outcome.kind === "failed" ? outcome.message : null} problems={outcome.kind === "failed" ? outcome.problems : []} />
      <button type="submit" disabled={busy}>
        Import
      </button>
    </form>
  );
}
