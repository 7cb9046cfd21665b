// What the data browser shows: the filters, sort and page position of a view of a project's
// items, read from and written to a URL query string, so a view can be shared as a link and the
// page, the API route and the benchmark all read it the same way. Pure: no database, no React.
import { z } from "zod";

/**
 * Status filters, each derived from columns the app already keeps (db/queries/item-browser.ts
 * says how). The resolution methods stand for "resolved by that method".
 */
export const ITEM_STATUSES = [
  "open",
  "labelled",
  "in_review",
  "not_sure",
  "skipped",
  "adjudicated",
  "unanimous",
  "single",
  "majority",
  "dawid-skene",
  "unresolved",
] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export const STATUS_TITLES: Record<ItemStatus, string> = {
  open: "Open (needs more labels)",
  labelled: "Labelled (enough labels)",
  in_review: "In review",
  not_sure: "Not sure",
  skipped: "Skipped",
  adjudicated: "Resolved: adjudicated",
  unanimous: "Resolved: unanimous",
  single: "Resolved: single",
  majority: "Resolved: majority",
  "dawid-skene": "Resolved: Dawid–Skene",
  unresolved: "Resolved: unresolved",
};

/** id: import order; -id: newest first; agreement: lowest agreement first, items without a resolution last. */
export const ITEM_SORTS = ["id", "-id", "agreement"] as const;
export type ItemSort = (typeof ITEM_SORTS)[number];

export const PAGE_SIZE = 50;
/** Counts stop here: "more than COUNT_CAP items match" rather than a count that reads the whole project. */
export const COUNT_CAP = 10_000;

/** Where the next page starts: after the row with this sort key and id. */
export type ItemCursor = { key: number; id: number };

export type ItemView = {
  status?: ItemStatus;
  finalLabel?: string;
  anyLabel?: string;
  annotator?: string;
  batch?: number;
  search?: string;
  /** true: only items excluded from exports; false: only items that are not. */
  excluded?: boolean;
  sort: ItemSort;
  after?: ItemCursor;
};

const optionalText = z
  .string()
  .trim()
  .max(500)
  .transform((s) => (s === "" ? undefined : s))
  .optional();

export const itemViewQuerySchema = z.object({
  status: z
    .union([z.enum(ITEM_STATUSES), z.literal("")])
    .optional()
    .transform((s) => (s ? s : undefined)),
  label: optionalText,
  anyLabel: optionalText,
  annotator: optionalText,
  batch: z
    .string()
    .trim()
    .regex(/^\d*$/, "must be an import batch number")
    .optional()
    .transform((s) => (s ? Number(s) : undefined)),
  q: optionalText,
  excluded: z
    .union([z.enum(["yes", "no"]), z.literal("")])
    .optional()
    .transform((s) => (s === "yes" ? true : s === "no" ? false : undefined)),
  sort: z
    .union([z.enum(ITEM_SORTS), z.literal("")])
    .optional()
    .transform((s) => (s ? s : "id")),
  after: z
    .string()
    .trim()
    .regex(/^(-?\d+(\.\d+)?(e-?\d+)?)_\d+$/, "must be a page cursor as the previous page gave it")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

/** The view a query string names; throws a ZodError naming the bad parameter. */
export function parseItemView(params: URLSearchParams): ItemView {
  const raw: Record<string, string> = {};
  for (const key of ["status", "label", "anyLabel", "annotator", "batch", "q", "excluded", "sort", "after"]) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const v = itemViewQuerySchema.parse(raw);
  let after: ItemCursor | undefined;
  if (v.after) {
    const [key, id] = v.after.split("_");
    after = { key: Number(key), id: Number(id) };
  }
  return { status: v.status, finalLabel: v.label, anyLabel: v.anyLabel, annotator: v.annotator, batch: v.batch, search: v.q, excluded: v.excluded, sort: v.sort, after };
}

/** The query string of a view (without `?`), the inverse of parseItemView; empty parts left out. */
export function itemViewQuery(view: ItemView): string {
  const params = new URLSearchParams();
  if (view.status) params.set("status", view.status);
  if (view.finalLabel) params.set("label", view.finalLabel);
  if (view.anyLabel) params.set("anyLabel", view.anyLabel);
  if (view.annotator) params.set("annotator", view.annotator);
  if (view.batch !== undefined) params.set("batch", String(view.batch));
  if (view.search) params.set("q", view.search);
  if (view.excluded !== undefined) params.set("excluded", view.excluded ? "yes" : "no");
  if (view.sort !== "id") params.set("sort", view.sort);
  if (view.after) params.set("after", `${view.after.key}_${view.after.id}`);
  return params.toString();
}
