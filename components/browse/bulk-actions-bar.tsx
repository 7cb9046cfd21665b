"use client";
// The bar over the data browser's table once items are ticked: how many (or "all M matching"),
// the action, a confirm dialog saying exactly what will happen to how many items, then the job's
// progress and its result. The work runs as a bulk-items job (lib/bulk/server/bulk-items-job.ts).
import { useCallback, useRef, useState } from "react";
import { useRouter } from "next/navigation";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { JobProgressBar } from "@/components/jobs/job-progress-bar";
import { JobStatus } from "@/components/jobs/job-status";
import { isJobLive, useProjectJob } from "@/components/jobs/use-project-job";
import { BULK_ACTIONS, BULK_ACTION_TEXT, describeBulkResult, type BulkAction, type BulkResult, type BulkTarget } from "@/lib/bulk/bulk-action";
import type { JobView } from "@/lib/jobs/job-view";

export type BulkSelection = { kind: "selection"; itemIds: number[] } | { kind: "filter"; query: string; count: number };

const items = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "item" : "items"}`;

function targetOf(selection: BulkSelection): BulkTarget {
  return selection.kind === "selection" ? { kind: "selection", itemIds: selection.itemIds } : { kind: "filter", query: selection.query };
}

export function BulkActionsBar({ slug, selection }: { slug: string; selection: BulkSelection }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [action, setAction] = useState<BulkAction>("send_to_review");
  const [reason, setReason] = useState("");
  const [started, setStarted] = useState<JobView | undefined>();
  const [problem, setProblem] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const size = selection.kind === "selection" ? selection.itemIds.length : selection.count;
  const what = selection.kind === "selection" ? `the ${items(size)} you selected` : `all ${items(size)} matching the current filters (items that start matching while it runs are included)`;

  const onEnd = useCallback(
    (job: JobView) => {
      if (job.state === "succeeded") {
        setOutcome(describeBulkResult(job.result as BulkResult));
        // The rows' badges and the count follow; the selection stays, for a next action on it.
        router.refresh();
      }
    },
    [router],
  );
  const job = useProjectJob(slug, started, onEnd);
  const running = isJobLive(job);

  async function confirm() {
    setProblem(null);
    setOutcome(null);
    try {
      const answer = await apiCall<{ job: JobView }>(`/api/projects/${encodeURIComponent(slug)}/items/bulk`, {
        body: { action, target: targetOf(selection), ...(action === "exclude" && reason.trim() ? { reason: reason.trim() } : {}) },
      });
      setStarted(answer.job);
      dialog.current?.close();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : "The bulk action could not be started.");
    }
  }

  const text = BULK_ACTION_TEXT[action];
  return (
    <div className="bulk-bar" role="region" aria-label="Bulk actions">
      <strong data-testid="bulk-selection">{selection.kind === "selection" ? `${size.toLocaleString("en")} selected` : `All ${items(size)} matching`}</strong>
      <label htmlFor="bulk-action">Action</label>
      <select id="bulk-action" value={action} onChange={(e) => setAction(e.target.value as BulkAction)} disabled={running}>
        {BULK_ACTIONS.map((a) => (
          <option key={a} value={a}>
            {BULK_ACTION_TEXT[a].title}
          </option>
        ))}
      </select>
      <button type="button" disabled={running || size === 0} onClick={() => dialog.current?.showModal()}>
        Run action…
      </button>
      {job && job.state !== "failed" ? <JobProgressBar job={job} label="Bulk action progress" /> : null}
      <JobStatus job={job} what="Bulk action" testId="bulk-job" />
      {outcome ? (
        <p role="status" data-testid="bulk-result">
          {outcome}
        </p>
      ) : null}
      <dialog ref={dialog} className="bulk-confirm card" aria-labelledby="bulk-confirm-title" aria-describedby="bulk-confirm-what">
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void confirm();
          }}
        >
          <h2 id="bulk-confirm-title">{text.title}?</h2>
          <p id="bulk-confirm-what" data-testid="bulk-confirm-text">
            This will {text.effect}, for {what}. It runs in the background and is recorded in the audit log.
          </p>
          {action === "exclude" ? (
            <p>
              <label htmlFor="bulk-reason">Reason (optional, kept with each exclusion)</label>{" "}
              <input id="bulk-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
            </p>
          ) : null}
          {problem ? <p role="alert">{problem}</p> : null}
          <p>
            <button type="submit" autoFocus>
              {text.title} ({items(size)})
            </button>{" "}
            <button type="button" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </p>
        </form>
      </dialog>
    </div>
  );
}
