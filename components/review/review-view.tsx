"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useMemo, useRef, useState } from "react";
import { apiCall, ApiError } from "@/components/ui/api-client";
import { FieldErrors } from "@/components/ui/field-errors";
import { ReviewItemPanel } from "./review-item-panel";
import { describeSendBack, REASON_TITLES, type ReviewDetail, type ReviewListItem, type SendBackOutcome } from "./review-types";
import type { AnnotateLabel } from "@/components/annotate/annotate-view";
import { SpanReviewDecision, type SpanReviewConfig } from "./spans/span-review-decision";

/** `spans`: a spans project, whose decision is made on the text (spans/span-review-decision.tsx). */
type Props = { slug: string; multiLabel: boolean; labels: AnnotateLabel[]; spans?: SpanReviewConfig };

export function ReviewView({ slug, multiLabel, labels, spans }: Props) {
  const client = useQueryClient();
  const [reason, setReason] = useState("");
  const [selectedId, setSelectedId] = useState<number | null>(null);
  const [chosen, setChosen] = useState<string[]>([]);
  const [rationale, setRationale] = useState("");
  const [feedback, setFeedback] = useState<string | null>(null);
  const rationaleRef = useRef<HTMLInputElement>(null);
  const base = `/api/projects/${slug}/review`;

  const list = useQuery({
    queryKey: ["review", slug, reason],
    queryFn: () => apiCall<{ items: ReviewListItem[]; backlog: number }>(`${base}${reason ? `?reason=${reason}` : ""}`),
  });
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const current = items.find((i) => i.itemId === selectedId) ?? items[0] ?? null;
  const detail = useQuery({
    queryKey: ["review-item", slug, current?.itemId],
    queryFn: () => apiCall<ReviewDetail>(`${base}/${current!.itemId}`),
    enabled: current !== null,
  });

  const decide = useMutation({
    mutationFn: async (body: Record<string, unknown>) => {
      const item = current!;
      const answer = await apiCall<{ sentBack?: SendBackOutcome }>(`${base}/${item.itemId}`, { body });
      return { item, answer, labels: body.labels as string[] | undefined, spans: body.spans as unknown[] | undefined };
    },
    onMutate: () => setFeedback(null),
    onSuccess: async ({ item, answer, labels, spans: decided }) => {
      const what = [labels?.join(", ") ?? "", decided ? `${decided.length} span(s)` : ""].filter(Boolean).join(", ");
      setFeedback(answer.sentBack ? describeSendBack(item.externalId, answer.sentBack) : `#${item.externalId} decided: ${what}.`);
      // Leave the rationale field so the next item's label keys work at once.
      (document.activeElement as HTMLElement | null)?.blur();
      setChosen([]);
      setRationale("");
      setSelectedId(null);
      await client.invalidateQueries({ queryKey: ["review", slug] });
    },
  });

  useEffect(() => {
    // A spans project's decision has its own keys (j/k move between spans there).
    if (spans) return;
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      const typing = !!target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" || target.tagName === "SELECT");
      if (e.key === "Escape") {
        target?.blur();
        return;
      }
      if (typing && e.key !== "Enter") return;
      if (!current) return;
      const index = items.findIndex((i) => i.itemId === current.itemId);
      if (e.key === "j" || e.key === "ArrowDown") setSelectedId(items[Math.min(items.length - 1, index + 1)]?.itemId ?? null);
      else if (e.key === "k" || e.key === "ArrowUp") setSelectedId(items[Math.max(0, index - 1)]?.itemId ?? null);
      else if (/^[1-9]$/.test(e.key)) {
        const label = labels.find((l) => l.hotkey === e.key);
        if (label) setChosen((c) => (multiLabel ? (c.includes(label.name) ? c.filter((x) => x !== label.name) : [...c, label.name]) : [label.name]));
      } else if (e.key === "r") setTimeout(() => rationaleRef.current?.focus(), 0);
      else if (e.key === "Enter" && chosen.length > 0) decide.mutate({ action: "decide", labels: chosen, rationale });
      else if (e.key === "b") decide.mutate({ action: "send_back", extra: 1, rationale });
      else return;
      e.preventDefault();
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [chosen, current, decide, items, labels, multiLabel, rationale, spans]);

  const error = decide.error instanceof ApiError ? decide.error : null;
  return (
    <div className="review">
      <aside className="review-list">
        <label>
          Reason{" "}
          <select value={reason} onChange={(e) => setReason(e.target.value)} data-testid="review-reason">
            <option value="">all</option>
            {Object.entries(REASON_TITLES).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <p className="muted" data-testid="review-backlog">
          {list.data ? `${list.data.backlog} item(s) need review` : "Loading…"}
        </p>
        <ol data-testid="review-queue">
          {items.map((i) => (
            <li key={i.itemId} className={i.itemId === current?.itemId ? "selected" : ""}>
              <button type="button" className="link" onClick={() => setSelectedId(i.itemId)}>
                #{i.externalId}
              </button>{" "}
              <span className="muted">
                {i.reasons.map((r) => REASON_TITLES[r] ?? r).join(", ")}
                {i.posterior !== null && i.reasons.includes("low_posterior") ? ` (${i.posterior.toFixed(2)})` : ""}
                {i.method === "single" ? " · single annotation" : ""}
              </span>
            </li>
          ))}
        </ol>
      </aside>
      <section className="review-detail">
        {feedback && (
          <p className="ok" role="status" data-testid="review-feedback">
            {feedback}
          </p>
        )}
        {!current && list.data && <p className="empty">Nothing needs review right now.</p>}
        {detail.data && <ReviewItemPanel detail={detail.data} historyHref={`/projects/${slug}/items/${detail.data.item.id}`} showText={!spans} />}
        {spans && detail.data && current && detail.data.item.id === current.itemId && (
          <SpanReviewDecision
            key={detail.data.item.id}
            detail={detail.data}
            config={spans}
            pending={decide.isPending}
            error={error}
            onDecide={(body) => decide.mutate(body)}
            onSendBack={(body) => decide.mutate(body)}
          />
        )}
        {current && !spans && (
          <div className="review-decision">
            <div className="labels" role="group" aria-label="Final label">
              {labels.map((l) => (
                <button
                  key={l.name}
                  type="button"
                  className={`label-button ${chosen.includes(l.name) ? "chosen" : ""}`}
                  style={{ borderColor: l.color, background: chosen.includes(l.name) ? l.color : undefined }}
                  onClick={() => setChosen(multiLabel ? (chosen.includes(l.name) ? chosen.filter((x) => x !== l.name) : [...chosen, l.name]) : [l.name])}
                  data-testid={`review-label-${l.name}`}
                >
                  {l.hotkey && <kbd>{l.hotkey}</kbd>} {l.name}
                </button>
              ))}
            </div>
            <input
              ref={rationaleRef}
              placeholder="Rationale (r), Enter to decide"
              value={rationale}
              maxLength={2000}
              onChange={(e) => setRationale(e.target.value)}
              data-testid="review-rationale"
            />
            <div className="buttons">
              <button type="button" disabled={chosen.length === 0 || decide.isPending} onClick={() => decide.mutate({ action: "decide", labels: chosen, rationale })}>
                Decide <kbd>Enter</kbd>
              </button>
              <button type="button" disabled={decide.isPending} onClick={() => decide.mutate({ action: "send_back", extra: 1, rationale })}>
                Send back for one more <kbd>b</kbd>
              </button>
              <span className="muted">
                <kbd>j</kbd>/<kbd>k</kbd> next/previous · <kbd>1</kbd>–<kbd>9</kbd> label
              </span>
            </div>
            <FieldErrors message={error?.message ?? null} problems={error?.problems ?? []} />
          </div>
        )}
      </section>
    </div>
  );
}
