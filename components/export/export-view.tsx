"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { JobStatus } from "@/components/jobs/job-status";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { JobView } from "@/lib/jobs/job-view";
import { singleCountsByDefault } from "@/lib/export/snapshot-input";
import type { SnapshotCounts, SnapshotRules } from "@/lib/export/snapshot-row";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";
import { DateTime } from "@/components/ui/date-time";

type Snapshot = {
  id: number;
  name: string;
  rules: SnapshotRules;
  counts: SnapshotCounts;
  hashes: Record<string, string>;
  /** The writer version each recorded hash was made with; a re-export uses the same one. */
  writers: Record<string, number>;
  labelSetVersion: number;
  createdAt: string;
  createdBy: string | null;
};
type Manifest = { files: { path: string; bytes: number; sha256: string }[]; sha256: string };
/** What an export-files job stores as its result (lib/export/server/export-jobs.ts). */
type FilesResult = { snapshotId: number; format: string; manifest: Manifest };

const FORMATS = [
  ["jsonl", "JSONL"],
  ["csv", "CSV"],
  ["hf", "Hugging Face folder"],
  ["label-studio", "Label Studio JSON"],
] as const;
/** Token-level formats: only a spans project has entities to tag (lib/export/server/format-writers.ts). */
const SPANS_FORMATS = [["conll", "CoNLL BIO"]] as const;
const DECIDED = ["adjudicated", "unanimous", "single", "majority", "dawid-skene"] as const;
const DECIDED_TITLES: Record<(typeof DECIDED)[number], string> = {
  adjudicated: "adjudicated",
  unanimous: "unanimous (two or more annotators, all alike)",
  single: "single (one annotation: rests on one person)",
  majority: "majority",
  "dawid-skene": "dawid-skene",
};

export function ExportView({
  slug,
  overlap,
  spans,
  defaults,
}: {
  slug: string;
  /** Annotators per item the project asks for: the default minimum. */
  overlap: number;
  /** Whether the project labels spans, which adds the token-level formats. */
  spans: boolean;
  defaults: { decidedBy: readonly string[]; minAnnotations: number };
}) {
  const client = useQueryClient();
  const base = `/api/projects/${slug}/exports`;
  const list = useQuery({ queryKey: ["exports", slug], queryFn: () => apiCall<{ snapshots: Snapshot[] }>(base) });
  const [split, setSplit] = useState(false);
  const [decided, setDecided] = useState<readonly string[]>(defaults.decidedBy);
  const [minimum, setMinimum] = useState(String(defaults.minAnnotations));
  const [lastMinimum, setLastMinimum] = useState(defaults.minAnnotations);
  const [written, setWritten] = useState<Record<string, Manifest>>({});
  const formats = spans ? [...FORMATS, ...SPANS_FORMATS] : FORMATS;

  const create = useMutation({
    mutationFn: (form: FormData) =>
      apiCall<{ job: JobView }>(base, {
        body: {
          name: String(form.get("name") ?? ""),
          decidedBy: DECIDED.filter((d) => decided.includes(d)),
          minAnnotations: Number(form.get("minAnnotations") ?? defaults.minAnnotations),
          includeAnnotations: form.get("includeAnnotations") === "on",
          license: String(form.get("license") ?? "other"),
          ...(split
            ? {
                split: {
                  train: Number(form.get("train")),
                  validation: Number(form.get("validation")),
                  test: Number(form.get("test")),
                  seed: Number(form.get("seed")),
                },
              }
            : {}),
        },
      }),
  });
  // Both answer at once with a job (the snapshot is frozen and the files written in the
  // background); the page follows the job and refreshes the list when it ends.
  const write = useMutation({
    mutationFn: ({ id, format }: { id: number; format: string }) => apiCall<{ job: JobView }>(`${base}/${id}/files`, { body: { format } }),
  });
  const refreshList = useCallback(() => void client.invalidateQueries({ queryKey: ["exports", slug] }), [client, slug]);
  const onWritten = useCallback(
    (job: JobView) => {
      const result = job.state === "succeeded" ? (job.result as FilesResult) : null;
      if (result) setWritten((w) => ({ ...w, [`${result.snapshotId}/${result.format}`]: result.manifest }));
      refreshList();
    },
    [refreshList],
  );
  const snapshotJob = useProjectJob(slug, create.data?.job, refreshList);
  const writeJob = useProjectJob(slug, write.data?.job, onWritten);
  const writing = write.isPending || isJobLive(writeJob);
  // Lowering the minimum below the overlap is asking for items that rest on one person, which
  // only count if "single" is ticked: tick it on the way down, and leave it to the lead after.
  // A half-typed (empty) value is not a minimum yet, so it neither ticks nor counts as the last one.
  function changeMinimum(text: string) {
    setMinimum(text);
    const next = Number(text);
    if (text.trim() === "" || !Number.isInteger(next) || next < 1) return;
    if (!singleCountsByDefault(overlap, lastMinimum) && singleCountsByDefault(overlap, next)) {
      setDecided((now) => (now.includes("single") ? now : [...now, "single"]));
    }
    setLastMinimum(next);
  }
  const createError = create.error instanceof ApiError ? create.error : null;
  const writeError = write.error instanceof ApiError ? write.error : null;

  return (
    <>
      <section className="card">
        <h2>New snapshot</h2>
        <p className="muted">A snapshot freezes the current resolved labels under your rules. It never changes; exporting it again gives the same bytes.</p>
        <form onSubmit={submitKeepingInput((f) => create.mutate(f))} className="form" data-testid="snapshot-form">
          <label>
            Name <input name="name" required maxLength={80} placeholder="v1" />
          </label>
          <fieldset>
            <legend>Labels decided by</legend>
            {DECIDED.map((d) => (
              <label key={d} className="checkbox">
                <input
                  type="checkbox"
                  name={`decided-${d}`}
                  checked={decided.includes(d)}
                  onChange={(e) => setDecided((now) => (e.target.checked ? [...now, d] : now.filter((x) => x !== d)))}
                />{" "}
                {DECIDED_TITLES[d]}
              </label>
            ))}
          </fieldset>
          <label>
            Minimum annotations per item{" "}
            <input
              name="minAnnotations"
              type="number"
              min={1}
              max={100}
              value={minimum}
              onChange={(e) => changeMinimum(e.target.value)}
              aria-describedby="min-annotations-hint"
            />
          </label>
          <p className="muted" id="min-annotations-hint" data-testid="min-annotations-hint">
            Defaults to the project&apos;s overlap ({overlap} {overlap === 1 ? "annotation" : "annotations"} per item). You may lower it;
            lowering it below the overlap ticks &ldquo;single&rdquo; above, so that items resting on one person are included, and the dataset
            card then states how many there are.
          </p>
          <label className="checkbox">
            <input type="checkbox" checked={split} onChange={(e) => setSplit(e.target.checked)} name="split" /> Stratified train/validation/test split
          </label>
          {split && (
            <div className="form inline">
              <input name="train" type="number" step="0.01" defaultValue={0.8} aria-label="train share" />
              <input name="validation" type="number" step="0.01" defaultValue={0.1} aria-label="validation share" />
              <input name="test" type="number" step="0.01" defaultValue={0.1} aria-label="test share" />
              <input name="seed" type="number" defaultValue={42} aria-label="seed" />
            </div>
          )}
          <label className="checkbox">
            <input type="checkbox" name="includeAnnotations" /> Include raw annotations
          </label>
          <label>
            Licence (Hugging Face id) <input name="license" defaultValue="other" />
          </label>
          <FieldErrors message={createError?.message ?? null} problems={createError?.problems ?? []} />
          <button type="submit" disabled={create.isPending || isJobLive(snapshotJob)}>
            Create snapshot
          </button>
          <JobStatus job={snapshotJob} what="Freezing the snapshot" testId="snapshot-job" />
        </form>
      </section>
      <section className="card">
        <h2>Snapshots</h2>
        {spans && (
          <p className="muted" data-testid="conll-hint">
            CoNLL BIO writes one token and its tag per line, separated by a tab, with a blank line after each item; tags are O, B-type on an
            entity&apos;s first token and I-type on the rest. Items imported from CoNLL keep their tokens. BIO is flat, so a snapshot with
            overlapping spans is refused as CoNLL: export it as JSONL or a Hugging Face folder.
          </p>
        )}
        <FieldErrors message={writeError?.message ?? null} problems={writeError?.problems ?? []} />
        <JobStatus job={writeJob} what="Writing the export" testId="write-job" />
        <table data-testid="snapshots">
          <thead>
            <tr>
              <th>Name</th>
              <th>Items</th>
              <th>Decided by</th>
              <th>Made</th>
              <th>Write</th>
            </tr>
          </thead>
          <tbody>
            {(list.data?.snapshots ?? []).map((s) => (
              <tr key={s.id} data-testid={`snapshot-${s.name}`}>
                <td>{s.name}</td>
                <td>
                  {s.counts.items ?? 0}
                  {s.counts.excluded ? <span className="muted small"> ({s.counts.excluded} excluded from exports)</span> : null}
                </td>
                <td>
                  {Object.entries(s.counts.decidedBy ?? {})
                    .map(([k, v]) => `${k} ${v}`)
                    .join(", ")}
                </td>
                <td className="muted">
                  <DateTime at={s.createdAt} /> by {s.createdBy ?? "CLI"} · label set v{s.labelSetVersion}
                </td>
                <td>
                  {formats.map(([format, title]) => {
                    const manifest = written[`${s.id}/${format}`];
                    return (
                      <div key={format}>
                        <button type="button" disabled={writing} onClick={() => write.mutate({ id: s.id, format })}>
                          {title}
                        </button>
                        {s.hashes[format] && (
                          <code className="muted">
                            {" "}
                            sha256 {s.hashes[format].slice(0, 12)}… · writer v{s.writers[format]}
                          </code>
                        )}
                        {manifest && (
                          <>
                            <ul data-testid={`manifest-${s.name}-${format}`}>
                              {manifest.files.map((f) => (
                                <li key={f.path}>
                                  <a href={`${base}/${s.id}/files/${format}/${f.path}`}>{f.path}</a> <span className="muted">{f.bytes} bytes</span>
                                </li>
                              ))}
                            </ul>
                            <a href={`${base}/${s.id}/archive/${format}`} download data-testid={`zip-${s.name}-${format}`}>
                              Download all as zip
                            </a>
                          </>
                        )}
                      </div>
                    );
                  })}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
