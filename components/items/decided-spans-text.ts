// How the item page writes a decision's spans and whose they were, as one line of text (item text
// is untrusted: this is rendered as text, never HTML).
import type { DecidedSpan } from "@/db/queries/item-history";

/** `person “Ana” 0–3 from Ann, Bo; place “Lima” 16–20 added by the reviewer` */
export function decidedSpansText(spans: readonly DecidedSpan[]): string {
  if (spans.length === 0) return "no spans";
  return spans
    .map((span) => `${span.label} “${span.text}” ${span.start}–${span.end} ${span.from.length > 0 ? `from ${span.from.join(", ")}` : "added by the reviewer"}`)
    .join("; ");
}

/** The resolution's spans, without sources: `person 0–3, place 16–20`. */
export function resolvedSpansText(spans: readonly { start: number; end: number; label: string }[]): string {
  return spans.length === 0 ? "no spans" : spans.map((span) => `${span.label} ${span.start}–${span.end}`).join(", ");
}
