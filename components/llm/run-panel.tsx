"use client";
import { Fragment, useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { RunView } from "@/lib/llm/llm-views";
import { InvalidAnswers } from "./invalid-answers";
import { RunProgressBar } from "./run-progress-bar";
import { usePromptVersions, useRunAction, useRuns, useStartRun } from "./use-llm-api";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

const STATUS_TITLES: Record<RunView["status"], string> = {
  queued: "queued",
  running: "running",
  paused: "paused",
  cancelled: "cancelled",
  completed: "completed",
  budget_exhausted: "token budget used up",
  failed: "failed",
};

function statusText(run: RunView): string {
  // A pause or cancel takes effect once the requests in flight are done.
  if ((run.status === "paused" || run.status === "cancelled") && run.progress.stoppedReason === null && run.finishedAt === null) {
    return `${run.status === "paused" ? "pausing" : "cancelling"}…`;
  }
  const runner = run.status === "running" && run.progress.owner?.kind === "cli" ? " (command line)" : "";
  return `${STATUS_TITLES[run.status]}${runner}`;
}

/** Start a pre-labelling run, and watch, pause, resume or cancel the project's runs. */
export function RunPanel({ slug }: { slug: string }) {
  const prompts = usePromptVersions(slug);
  const runs = useRuns(slug);
  const start = useStartRun(slug);
  const act = useRunAction(slug);
  const versions = prompts.data?.versions ?? [];
  const latest = versions[0]?.version;
  // A choice made while an older version was the newest gives way when a new one is saved, so the
  // selector always shows the version a run will use.
  const [picked, setPicked] = useState<{ version: number; whenLatest: number | undefined } | null>(null);
  const selected = picked !== null && picked.whenLatest === latest ? picked.version : latest;
  const [expanded, setExpanded] = useState<number | null>(null);
  const startError = start.error instanceof ApiError ? start.error : null;
  const actError = act.error instanceof ApiError ? act.error : null;

  function submit(form: FormData) {
    const limit = String(form.get("limit") ?? "").trim();
    start.mutate({ promptVersion: Number(form.get("promptVersion")), limit: limit === "" ? null : Number(limit) });
  }

  return (
    <>
      {versions.length === 0 ? (
        <p className="muted">Save a prompt version first.</p>
      ) : (
        <form onSubmit={submitKeepingInput(submit)} className="form inline run-start" data-testid="llm-start-run-form">
          <label>
            Prompt version{" "}
            <select
              name="promptVersion"
              value={selected}
              onChange={(e) => setPicked({ version: Number(e.target.value), whenLatest: latest })}
              data-testid="llm-run-prompt-version"
            >
              {versions.map((version) => (
                <option key={version.id} value={version.version}>
                  v{version.version} · {version.definition.generation.model} · {version.pendingItems} without an answer
                </option>
              ))}
            </select>
          </label>
          <label>
            At most <input name="limit" type="number" min={1} placeholder="all" aria-label="item limit" /> items
          </label>
          <button type="submit" disabled={start.isPending}>
            Start pre-labelling
          </button>
        </form>
      )}
      <FieldErrors message={startError?.message ?? actError?.message ?? null} problems={startError?.problems ?? []} />
      <table className="runs" data-testid="llm-runs">
        <thead>
          <tr>
            <th>Run</th>
            <th>Prompt</th>
            <th>Status</th>
            <th>Progress</th>
            <th>Failed</th>
            <th>Invalid answers</th>
            <th>Retried</th>
            <th>Tokens</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(runs.data?.runs ?? []).map((run) => (
            <Fragment key={run.id}>
              <tr data-testid={`llm-run-${run.id}`} data-status={run.status}>
                <td>#{run.id}</td>
                <td>
                  v{run.promptVersion} · {run.model}
                  {run.itemLimit !== null && <div className="muted">limit {run.itemLimit}</div>}
                  {run.retryOf !== null && <div className="muted">retry of #{run.retryOf}&apos;s invalid answers</div>}
                </td>
                <td>
                  {statusText(run)}
                  {run.error && <div className="error small">{run.error}</div>}
                </td>
                <td>
                  <RunProgressBar run={run} />
                </td>
                <td>{run.progress.failed}</td>
                <td>
                  {run.progress.invalid}
                  {run.progress.invalid > 0 && run.status !== "running" && (
                    <>
                      {" "}
                      <button type="button" className="link" onClick={() => setExpanded(expanded === run.id ? null : run.id)} data-testid="llm-run-invalid-toggle">
                        {expanded === run.id ? "hide" : "show"}
                      </button>
                    </>
                  )}
                </td>
                <td>{run.progress.retried}</td>
                <td>{run.progress.tokens.toLocaleString("en")}</td>
                <td className="buttons">
                  {run.status === "running" && (
                    <button type="button" onClick={() => act.mutate({ runId: run.id, action: "pause" })} disabled={act.isPending}>
                      Pause
                    </button>
                  )}
                  {run.status === "paused" && (
                    <button type="button" onClick={() => act.mutate({ runId: run.id, action: "resume" })} disabled={act.isPending}>
                      Resume
                    </button>
                  )}
                  {(run.status === "running" || run.status === "paused") && (
                    <button type="button" onClick={() => act.mutate({ runId: run.id, action: "cancel" })} disabled={act.isPending}>
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
              {expanded === run.id && (
                <tr>
                  <td colSpan={9}>
                    <InvalidAnswers slug={slug} run={run} />
                  </td>
                </tr>
              )}
            </Fragment>
          ))}
        </tbody>
      </table>
    </>
  );
}
