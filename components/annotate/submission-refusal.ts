// A submission the server refused for good (409: the item already has the annotations it needs and
// is no longer leased to this annotator). Sending it again would be refused again, so the annotate
// page says what happened and carries on with the queue instead of stalling on the item.
import { ApiError } from "@/components/ui/api-client";

/** The message to show for a final refusal, or null when the error is something else. */
export function finalRefusalMessage(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  return `Your last label was not saved. ${error.message}`;
}
