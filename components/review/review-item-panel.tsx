"use client";
import Link from "next/link";
import { ItemMetadata } from "@/components/ui/item-metadata";
import { describeResolution, type ReviewDetail } from "./review-types";

/** The evidence for one item: every annotation (superseded ones struck through) and suggestion. */
/** `historyHref`: the item page, with everything that happened to the item. */
/** One earlier review row in words: a decision, a send-back, or a lead's request for this review. */
function adjudicationText(d: ReviewDetail["adjudications"][number]): string {
  if (d.action === "decide") {
    const spans = d.spans ? `${d.spans.length} span(s)` : null;
    return `decided ${[d.labels.join(", "), spans].filter(Boolean).join(", ")}`;
  }
  if (d.action === "request_review") return "sent it to review";
  return d.extraAnnotations > 0 ? `sent back for ${d.extraAnnotations} more` : "deferred until the item's overlap is in";
}

/** `showText`: false where the caller renders the text itself (a spans project's review shows it with every annotator's spans). */
export function ReviewItemPanel({ detail, historyHref, showText = true }: { detail: ReviewDetail; historyHref: string; showText?: boolean }) {
  const live = detail.annotations.filter((a) => a.kind === "label");
  return (
    <>
      <article className="item">
        <p className="item-id">
          #{detail.item.externalId} ·{" "}
          <Link href={historyHref} data-testid="review-item-history">
            full history
          </Link>
        </p>
        {showText && (
          <p className="item-text" data-testid="review-item-text">
            {detail.item.text}
          </p>
        )}
        <ItemMetadata metadata={detail.item.metadata} testId="review-item-metadata" />
      </article>
      {detail.resolution && (
        <p className="muted" data-testid="review-resolution">
          Now: {describeResolution(detail.resolution)}
        </p>
      )}
      <h3>Annotations</h3>
      <div className="table-scroll">
        <table className="review-annotations" data-testid="review-annotations">
          <thead>
            <tr>
              <th scope="col">Annotator</th>
              <th scope="col">Labels</th>
              <th scope="col">Not sure</th>
              <th scope="col">Note</th>
              <th scope="col">Suggestion</th>
            </tr>
          </thead>
          <tbody>
            {live.map((a) => (
              <tr key={a.id} className={a.superseded ? "superseded" : ""}>
                <td>{a.annotator}</td>
                <td>{a.labels.length ? a.labels.join(", ") : "—"}</td>
                <td>{a.notSure ? `not sure${a.notSureReason ? `: ${a.notSureReason}` : ""}` : ""}</td>
                <td className="muted">{a.note ?? ""}</td>
                <td className="muted">{a.suggestionAction !== "none" ? `suggestion ${a.suggestionAction.replace("_", " ")}` : ""}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {detail.suggestions.length > 0 && (
        <>
          <h3>Suggestions</h3>
          <ul className="suggestion-list">
            {detail.suggestions.map((s) => (
              <li key={s.id}>
                <strong>{s.status === "ok" ? s.labels.join(", ") : `failed (${s.status})`}</strong>{" "}
                <span className="muted">
                  {s.sourceKind.toUpperCase()} · {s.modelName}
                  {s.modelVersion ? ` ${s.modelVersion}` : ""}
                  {s.promptVersion ? ` · prompt v${s.promptVersion}` : ""}
                  {s.confidence !== null ? ` · ${Math.round(s.confidence * 100)}%` : ""}
                </span>
                {s.rationale && <div className="muted">{s.rationale}</div>}
              </li>
            ))}
          </ul>
        </>
      )}
      {detail.adjudications.length > 0 && (
        <>
          <h3>Earlier decisions</h3>
          <ul>
            {detail.adjudications.map((d, i) => (
              <li key={i}>
                {d.reviewer}: {adjudicationText(d)}
                {d.rationale ? ` (${d.rationale})` : ""}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
