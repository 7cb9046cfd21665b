import { formatDateTime, isoDateTime, type DateInput } from "@/lib/format-date";

/** A moment as the app prints it (lib/format-date.ts), with the exact instant for machines. */
export function DateTime({ at, seconds = false }: { at: DateInput; seconds?: boolean }) {
  return <time dateTime={isoDateTime(at)}>{formatDateTime(at, { seconds })}</time>;
}
