// What a lead can do at once to many items of the data browser, and to which items: the ones
// ticked (a selection, capped) or every item the browser's filters match (resolved by the job in
// batches, so a project of any size is never loaded whole). Pure: the API route validates with
// these schemas, the job runs them (lib/bulk/server/bulk-items-job.ts), the browser words its
// confirm dialog from them.
import { z } from "zod";

export const BULK_ACTIONS = ["send_to_review", "request_annotation", "reopen", "exclude", "include", "add_to_gold"] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** The most items a selection may name; a larger set is taken as "every item matching the filters". */
export const MAX_SELECTION = 10_000;

export const bulkTargetSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("selection"), itemIds: z.array(z.number().int().positive()).min(1).max(MAX_SELECTION) }),
  // The browser's query string (lib/browse/item-view.ts); its sort and page position play no part.
  z.object({ kind: z.literal("filter"), query: z.string().max(4_000) }),
]);
export type BulkTarget = z.infer<typeof bulkTargetSchema>;

export const bulkRequestSchema = z.object({
  action: z.enum(BULK_ACTIONS),
  target: bulkTargetSchema,
  /** Why, for exclusions: stored with each one. */
  reason: z.string().trim().max(500).optional(),
});
export type BulkRequest = z.infer<typeof bulkRequestSchema>;

/** What each action does, in the words of the menu, the confirm dialog and the result. */
export const BULK_ACTION_TEXT: Record<BulkAction, { title: string; effect: string; done: string; already: string }> = {
  send_to_review: {
    title: "Send to review",
    effect: "put each item in the review queue, where it stays until a reviewer decides its label or sends it back (the request decides nothing itself, and it is recorded in each item's history)",
    done: "sent to review",
    already: "already waiting in the review queue",
  },
  request_annotation: {
    title: "Request one more annotation",
    effect: "ask for one more annotation on each labelled item, recorded as a send-back as a reviewer's is: it reopens for annotators and leaves the review queue until the annotation arrives",
    done: "sent back for one more annotation",
    already: "already open, waiting for annotations",
  },
  reopen: {
    title: "Reopen",
    effect: "reopen each labelled item for annotators, who give it one more label (no send-back is recorded; its review state follows its labels)",
    done: "reopened",
    already: "already open",
  },
  exclude: {
    title: "Exclude from exports",
    effect: "leave each item out of every export snapshot made from now on (snapshots made already do not change; this can be undone with “Include in exports again”)",
    done: "excluded from exports",
    already: "already excluded",
  },
  include: {
    title: "Include in exports again",
    effect: "revert each item's exclusion from exports, so later snapshots hold it again",
    done: "included in exports again",
    already: "not excluded",
  },
  add_to_gold: {
    title: "Add to the gold set",
    effect: "make each item a gold item whose known answer is its current final label, mixed into annotators' queues at the project's gold rate (items without a final label are left out; an item already gold keeps its answer)",
    done: "added to the gold set",
    already: "already gold, or without a final label to take as the answer",
  },
};

export type BulkResult = {
  action: BulkAction;
  /** Items the action changed. */
  changed: number;
  /** Items already in the state the action brings about: nothing was written for them. */
  already: number;
  /** Ids of a selection that are not (or no longer) items of the project. */
  missing: number;
};

/** "12 items excluded from exports; 3 already excluded." */
export function describeBulkResult(result: BulkResult): string {
  const text = BULK_ACTION_TEXT[result.action];
  const items = (n: number) => `${n.toLocaleString("en")} ${n === 1 ? "item" : "items"}`;
  const parts = [`${items(result.changed)} ${text.done}`];
  if (result.already > 0) parts.push(`${items(result.already)} ${text.already}`);
  if (result.missing > 0) parts.push(`${items(result.missing)} no longer in the project`);
  return `${parts.join("; ")}.`;
}
