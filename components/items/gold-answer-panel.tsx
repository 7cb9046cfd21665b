"use client";
// The item page's gold section, for leads and reviewers only (the page itself is): the item's gold
// answer if it has one; a lead can mark the item as gold with an answer chosen on the label
// buttons, replace that answer, or take the item out of the gold set.
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import type { TaskType } from "@/db/schema";

type LabelChoice = { name: string; color: string };

export function GoldAnswerPanel({
  slug,
  itemId,
  labels,
  taskType,
  answer,
  canEdit,
}: {
  slug: string;
  itemId: number;
  labels: LabelChoice[];
  taskType: TaskType;
  /** The gold answer in force, or null when the item is not gold. */
  answer: string[] | null;
  canEdit: boolean;
}) {
  const router = useRouter();
  const base = `/api/projects/${encodeURIComponent(slug)}/gold`;
  const [chosen, setChosen] = useState<string[]>(answer ?? []);
  const mark = useMutation({
    mutationFn: () => apiCall(base, { body: { answers: [{ itemId, labels: chosen }] } }),
    onSuccess: () => router.refresh(),
  });
  const remove = useMutation({
    mutationFn: () => apiCall(`${base}/${itemId}`, { method: "DELETE" }),
    onSuccess: () => {
      setChosen([]);
      router.refresh();
    },
  });
  const error = [mark.error, remove.error].find((e) => e instanceof ApiError) as ApiError | undefined;
  const choose = (name: string) =>
    setChosen((current) => (taskType === "multi_label" ? (current.includes(name) ? current.filter((l) => l !== name) : [...current, name]) : [name]));

  return (
    <section className="card" data-testid="gold-panel" aria-labelledby="gold-panel-title">
      <h2 id="gold-panel-title">Gold answer</h2>
      <p data-testid="gold-answer">
        {answer ? (
          <>
            Gold item, answer: <strong>{answer.join(", ")}</strong>. Annotators are never shown it.
          </>
        ) : (
          "Not a gold item."
        )}
      </p>
      {canEdit && (
        <form
          className="form"
          onSubmit={(event) => {
            event.preventDefault();
            mark.mutate();
          }}
        >
          <div className="labels" role="group" aria-label="Gold answer labels">
            {labels.map((l) => {
              const on = chosen.includes(l.name);
              return (
                <button
                  key={l.name}
                  type="button"
                  className={`label-button ${on ? "chosen" : ""}`}
                  style={{ borderColor: l.color, background: on ? l.color : undefined }}
                  aria-pressed={on}
                  data-testid={`gold-label-${l.name}`}
                  onClick={() => choose(l.name)}
                >
                  {l.name}
                </button>
              );
            })}
          </div>
          <div className="form inline">
            <button type="submit" disabled={chosen.length === 0 || mark.isPending} data-testid="gold-mark">
              {answer ? "Replace gold answer" : "Mark as gold"}
            </button>
            {answer && (
              <button type="button" onClick={() => remove.mutate()} disabled={remove.isPending} data-testid="gold-remove">
                Remove from gold
              </button>
            )}
          </div>
          <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
        </form>
      )}
    </section>
  );
}
