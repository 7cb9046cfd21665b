"use client";
import { ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { RunView } from "@/lib/llm/llm-views";
import { useInvalidAnswers, useRetryInvalidAnswers } from "./use-llm-api";

const STATUS_TITLES: Record<string, string> = {
  parse_error: "not the JSON asked for",
  unknown_label: "a label outside the set",
  schema_error: "JSON of the wrong shape",
};

/** A run's answers that came back invalid, with what the model said, and a retry of just those items. */
export function InvalidAnswers({ slug, run }: { slug: string; run: RunView }) {
  const list = useInvalidAnswers(slug, run.id);
  const retry = useRetryInvalidAnswers(slug);
  const answers = list.data?.answers ?? [];
  const open = answers.filter((answer) => !answer.answeredSince).length;
  const error = retry.error instanceof ApiError ? retry.error : null;
  if (!list.data) return <p className="muted">{list.isError ? "The invalid answers could not be loaded." : "Loading…"}</p>;
  return (
    <div className="invalid-answers" data-testid={`llm-invalid-answers-${run.id}`}>
      <table className="compact">
        <thead>
          <tr>
            <th>Item</th>
            <th>Why it is invalid</th>
            <th>Raw answer</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {answers.map((answer) => (
            <tr key={answer.suggestionId} data-testid="llm-invalid-answer" data-item={answer.itemId}>
              <td title={answer.itemText}>{answer.itemId}</td>
              <td>
                {STATUS_TITLES[answer.status] ?? answer.status}
                {answer.error && <div className="muted small">{answer.error}</div>}
              </td>
              <td>
                <pre>{answer.rawAnswer}</pre>
              </td>
              <td>{answer.answeredSince ? "answered since" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="buttons">
        <button type="button" disabled={open === 0 || retry.isPending} onClick={() => retry.mutate(run.id)}>
          {open === 0 ? "All answered since" : `Retry ${open} item${open === 1 ? "" : "s"} with prompt v${run.promptVersion}`}
        </button>
      </div>
      <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
    </div>
  );
}
