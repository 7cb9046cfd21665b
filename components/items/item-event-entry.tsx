// One event of an item's story: a heading saying who did what, and the details that event records.
// Everything shown comes from users or models (labels, notes, rationales, raw answers) and is
// rendered as text.
import type { AnnotationEvent, AnnotationLink, ExportEvent, ItemEvent, SuggestionEvent } from "@/db/queries/item-history";
import { REASON_TITLES } from "@/components/review/review-types";
import { formatDateTime, isoDateTime } from "@/lib/format-date";
import { decidedSpansText, resolvedSpansText } from "./decided-spans-text";

/** The app's date format (lib/format-date.ts), to the second: an item's events can be seconds apart. */
export const when = (at: Date) => formatDateTime(at, { seconds: true });

function duration(ms: number): string {
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const SOURCE_NAMES: Record<SuggestionEvent["sourceKind"], string> = { llm: "LLM", model: "project model", import: "imported prediction" };

const SUGGESTION_ACTIONS: Record<AnnotationEvent["suggestionAction"], string> = {
  accepted: "accepted the suggestion",
  changed: "changed the suggestion",
  rejected: "rejected the suggestion",
  not_sure: "answered not sure with the suggestion shown",
  none: "no suggestion shown",
};

const labelList = (labels: readonly string[]) => (labels.length > 0 ? labels.join(", ") : "no label");

function linkText(link: AnnotationLink): string {
  return `the ${link.kind === "retraction" ? "undo" : "label"} of ${when(link.at)}`;
}

function heading(event: ItemEvent): string {
  switch (event.kind) {
    case "import":
      return `Imported${event.by ? ` by ${event.by}` : ""}`;
    case "suggestion":
      return `Suggestion (${SOURCE_NAMES[event.sourceKind]}): ${event.status === "ok" ? labelList(event.labels) : `failed, ${event.status.replace("_", " ")}`}`;
    case "annotation":
      if (event.annotationKind === "retraction") return `${event.annotator} undid their label`;
      return `${event.annotator} labelled: ${event.notSure ? `not sure${event.labels.length > 0 ? ` (${labelList(event.labels)})` : ""}` : labelList(event.labels)}`;
    case "skip":
      return `${event.by} skipped the item`;
    case "skip_undone":
      return `${event.by} undid their skip`;
    case "decision":
      return `${event.reviewer} decided: ${labelList(event.labels)}`;
    case "send_back":
      return `${event.reviewer} sent it back${event.extraAnnotations > 0 ? ` for ${event.extraAnnotations} more annotation(s)` : " until its overlap is in"}`;
    case "review_requested":
      return `${event.by} sent it to review`;
    case "resolution":
      return `Resolved: ${event.method === "unresolved" ? "unresolved" : labelList(event.labels)} (${event.method})`;
    case "export":
      return `Exported in snapshot “${event.name}”`;
    case "excluded":
      return `${event.by ?? "Someone"} excluded it from exports`;
    case "exclusion_reverted":
      return `${event.by ?? "Someone"} included it in exports again`;
  }
}

/** A format written from a snapshot, with the times its files were written (from the audit log; none for writes older than it). */
function formatWritten({ format, writtenAt }: ExportEvent["formats"][number]): string {
  return writtenAt.length > 0 ? `${format} (written ${writtenAt.map(when).join(", ")})` : format;
}

/** Label and value pairs under the heading; empty values are left out. */
function details(event: ItemEvent): [string, string][] {
  const rows: [string, string | null | undefined][] = [];
  switch (event.kind) {
    case "import":
      rows.push(["File", `${event.fileName}${event.line === null ? "" : `, line ${event.line}`} (${event.format}, batch #${event.batchId})`]);
      break;
    case "suggestion":
      rows.push(
        ["Model", `${event.modelName}${event.modelVersion ? ` ${event.modelVersion}` : ""}`],
        ["Prompt", event.promptVersion === null ? null : `v${event.promptVersion}${event.promptHash ? ` (${event.promptHash.slice(0, 12)})` : ""}`],
        ["Confidence", event.confidence === null ? null : `${Math.round(event.confidence * 100)}%`],
        ["Rationale", event.rationale],
        ["Error", event.error],
        ["Latency", event.latencyMs === null ? null : `${event.latencyMs} ms`],
        ["Tokens", event.promptTokens === null && event.completionTokens === null ? null : `${event.promptTokens ?? "?"} in, ${event.completionTokens ?? "?"} out`],
        ["Attempts", event.attempts > 1 ? String(event.attempts) : null],
        ["Run", event.runId === null ? null : `#${event.runId}`],
        ["File", event.importFileName],
        ["Parameters", Object.keys(event.parameters).length > 0 ? JSON.stringify(event.parameters) : null],
      );
      break;
    case "annotation":
      if (event.annotationKind === "label") {
        rows.push(
          ["Suggestion", SUGGESTION_ACTIONS[event.suggestionAction]],
          ["Not sure because", event.notSureReason],
          ["Note", event.note],
          ["Time spent", event.timeSpentMs === null ? null : duration(event.timeSpentMs)],
        );
      }
      rows.push(
        ["From file", event.source === "import" ? (event.importFileName ?? "an annotations import") : null],
        ["Replaces", event.replaces ? linkText(event.replaces) : null],
        ["Replaced by", event.replacedBy ? linkText(event.replacedBy) : null],
      );
      break;
    case "skip":
      rows.push(["Reason", event.reason || null], ["Undone", event.undoneAt ? when(event.undoneAt) : null]);
      break;
    case "skip_undone":
      rows.push(["Skipped", when(event.skippedAt)]);
      break;
    case "decision":
      rows.push(["Spans", event.spans ? decidedSpansText(event.spans) : null], ["Rationale", event.rationale || null]);
      break;
    case "send_back":
      rows.push(["Rationale", event.rationale || null]);
      break;
    case "review_requested":
      rows.push(["Note", event.rationale || null]);
      break;
    case "resolution":
      rows.push(
        ["Spans", event.spans ? resolvedSpansText(event.spans) : null],
        ["Agreement", event.agreement === null ? null : event.agreement.toFixed(2)],
        ["Dawid–Skene posterior", event.posterior === null ? null : event.posterior.toFixed(2)],
        ["Annotators", `${event.annotators}${event.notSure > 0 ? `, ${event.notSure} not sure` : ""}`],
        ["Needs review", event.reviewReasons.length > 0 ? event.reviewReasons.map((r) => REASON_TITLES[r] ?? r).join(", ") : null],
        ["Note", "the resolution in force, as last recomputed; earlier resolutions are not recorded"],
      );
      break;
    case "export":
      rows.push(
        ["Label", `${labelList(event.labels)} (${event.decidedBy})`],
        ["Split", event.split],
        ["By", event.by],
        ["Files written", event.formats.length > 0 ? event.formats.map(formatWritten).join("; ") : null],
      );
      break;
    case "excluded":
      rows.push(
        ["Reason", event.reason || null],
        ["Bulk action", event.jobId === null ? null : `job #${event.jobId}`],
        ["Effect", "left out of every export snapshot made while the exclusion is in force; earlier snapshots keep it"],
        ["Reverted", event.revertedAt ? when(event.revertedAt) : null],
      );
      break;
    case "exclusion_reverted":
      rows.push(["Excluded", when(event.excludedAt)]);
      break;
  }
  return rows.filter((row): row is [string, string] => typeof row[1] === "string" && row[1] !== "");
}

export function ItemEventEntry({ event }: { event: ItemEvent }) {
  const rows = details(event);
  return (
    <li className={`item-event item-event-${event.kind}`} data-testid="item-event" data-kind={event.kind}>
      <time className="muted" dateTime={isoDateTime(event.at)}>
        {when(event.at)}
      </time>
      <h3>{heading(event)}</h3>
      {rows.length > 0 && (
        <dl className="item-event-details">
          {rows.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      )}
      {event.kind === "suggestion" && event.rawOutput && (
        <details>
          <summary>Raw answer</summary>
          <pre className="item-event-raw">{event.rawOutput}</pre>
        </details>
      )}
    </li>
  );
}
