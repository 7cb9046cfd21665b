// The app's one way of printing a moment: "2026-12-07 14:03 UTC". ISO order (sorts as text, reads
// the same in every locale) and UTC rather than the reader's zone: server components and the
// browser then print the same text (no hydration mismatch), and people in different zones who
// talk about "the label of 14:03" mean the same label.

export type DateInput = Date | string | number;

/** "2026-12-07 14:03 UTC"; with `seconds`, "2026-12-07 14:03:27 UTC" (an item's history, where events can be seconds apart). */
export function formatDateTime(at: DateInput, { seconds = false }: { seconds?: boolean } = {}): string {
  const iso = toDate(at).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, seconds ? 19 : 16)} UTC`;
}

/** The machine-readable form for a `<time dateTime>` attribute. */
export function isoDateTime(at: DateInput): string {
  return toDate(at).toISOString();
}

function toDate(at: DateInput): Date {
  const date = at instanceof Date ? at : new Date(at);
  if (Number.isNaN(date.getTime())) throw new RangeError(`Not a date: ${String(at)}`);
  return date;
}
