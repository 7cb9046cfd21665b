// What the data browser shows: the filters, sort and page position of a view of a project's
// items, read from and written to a URL query string, so a view can be shared as a link and the
// page, the API route and the benchmark all read it the same way. Pure: no database, no React.
import { z } from "zod";
import { SPLITS, type Split } from "@/lib/export/export-record";

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

/** Where a suggestion came from (suggestions.source_kind). */
export const SUGGESTION_SOURCE_FILTERS = ["llm", "model", "import"] as const;
export type SuggestionSourceFilter = (typeof SUGGESTION_SOURCE_FILTERS)[number];

/**
 * What the annotators did with the suggestion they were shown: "agreed", every annotation in force
 * that answered one accepted it; "disagreed", at least one changed or rejected it.
 */
export const HUMAN_VERDICTS = ["agreed", "disagreed"] as const;
export type HumanVerdict = (typeof HUMAN_VERDICTS)[number];

/** The most metadata conditions one view holds: each is a test on every row read. */
export const MAX_METADATA_FILTERS = 5;
/** The largest queue position the queue filter reads up to: it reads that many open items. */
export const MAX_QUEUE_TOP = 100_000;

/** items.metadata at `path` (object keys, outermost first) reads as `value` (numbers and booleans as JSON writes them). */
export type MetadataFilter = { path: string[]; value: string };

/** Inclusive bounds; either may be left open. */
export type Range = { min?: number; max?: number };

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
  /** item_resolutions.agreement, a share in [0, 1]; items without one never match a range. */
  agreement?: Range;
  /** Items with an accepted-format suggestion from this source. */
  suggestionSource?: SuggestionSourceFilter;
  /** With suggestionSource, judged on that source's suggestions only. */
  humans?: HumanVerdict;
  /** The live classifier version's uncertainty about the item (item_scores.reason.uncertainty). */
  uncertainty?: Range;
  /** Open items among the first `queueTop` of the annotators' queue, in the queue's own order. */
  queueTop?: number;
  /** Items frozen in this export snapshot (by id), and with `split`, in that split of it. */
  snapshot?: number;
  split?: Split;
  metadata?: MetadataFilter[];
  sort: ItemSort;
  after?: ItemCursor;
};

const optionalText = z
  .string()
  .trim()
  .max(500)
  .transform((s) => (s === "" ? undefined : s))
  .optional();

const share = (what: string) =>
  z
    .string()
    .trim()
    .optional()
    .transform((s, ctx) => {
      if (!s) return undefined;
      const n = Number(s);
      if (!/^\d*\.?\d+$/.test(s) || n > 1) {
        ctx.addIssue({ code: "custom", message: `must be ${what} between 0 and 1, like 0.75` });
        return z.NEVER;
      }
      return n;
    });

const positiveInteger = (what: string, max = Number.MAX_SAFE_INTEGER) =>
  z
    .string()
    .trim()
    .regex(/^\d*$/, `must be ${what}`)
    .optional()
    .transform((s) => (s ? Number(s) : undefined))
    .refine((n) => n === undefined || (n >= 1 && n <= max), `must be ${what} from 1 to ${max.toLocaleString("en")}`);

const choice = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.enum(values), z.literal("")])
    .optional()
    .transform((s) => (s ? s : undefined));

/** A metadata key path: object keys of letters, digits, `_` and `-`, joined by dots. */
const METADATA_PATH = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

// Exported for the OpenAPI document (lib/api/openapi); the `meta.<path>=value` metadata filters are
// read beside it (metadataSchema), since their names are the project's own.
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
  agreementMin: share("an agreement"),
  agreementMax: share("an agreement"),
  suggestion: choice(SUGGESTION_SOURCE_FILTERS),
  humans: choice(HUMAN_VERDICTS),
  uncertaintyMin: share("an uncertainty"),
  uncertaintyMax: share("an uncertainty"),
  queueTop: positiveInteger("a queue position", MAX_QUEUE_TOP),
  snapshot: positiveInteger("an export snapshot number"),
  split: choice(SPLITS),
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

const SCALAR_PARAMS = [
  "status",
  "label",
  "anyLabel",
  "annotator",
  "batch",
  "q",
  "excluded",
  "agreementMin",
  "agreementMax",
  "suggestion",
  "humans",
  "uncertaintyMin",
  "uncertaintyMax",
  "queueTop",
  "snapshot",
  "split",
  "sort",
  "after",
] as const;

const range = (min: number | undefined, max: number | undefined): Range | undefined =>
  min === undefined && max === undefined ? undefined : { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) };

/**
 * The metadata conditions of a query string: each `meta.<path>=<value>` parameter (what links
 * carry), and each `meta=<path>=<value>` (what the filter form's text fields send); an empty one
 * is no condition.
 */
function metadataFilters(params: URLSearchParams, ctx: z.RefinementCtx): MetadataFilter[] {
  const found: MetadataFilter[] = [];
  const add = (path: string, value: string, field: string) => {
    if (!METADATA_PATH.test(path)) {
      ctx.addIssue({ code: "custom", path: [field], message: "must name a metadata field of letters, digits, _ and -, nested fields joined by dots (meta.source=web)" });
      return;
    }
    if (value.length > 500) {
      ctx.addIssue({ code: "custom", path: [field], message: "must be a value of at most 500 characters" });
      return;
    }
    found.push({ path: path.split("."), value });
  };
  for (const [key, value] of params) {
    if (key.startsWith("meta.")) add(key.slice("meta.".length), value, key);
    else if (key === "meta" && value.trim() !== "") {
      const at = value.indexOf("=");
      if (at < 0) ctx.addIssue({ code: "custom", path: ["meta"], message: "must be field=value, like source=web" });
      else add(value.slice(0, at).trim(), value.slice(at + 1).trim(), "meta");
    }
  }
  if (found.length > MAX_METADATA_FILTERS) ctx.addIssue({ code: "custom", path: ["meta"], message: `must be at most ${MAX_METADATA_FILTERS} metadata conditions` });
  return found;
}

const metadataSchema = z.instanceof(URLSearchParams).transform((params, ctx) => metadataFilters(params, ctx));

/** The view a query string names; throws a ZodError naming the bad parameter. */
export function parseItemView(params: URLSearchParams): ItemView {
  const raw: Record<string, string> = {};
  for (const key of SCALAR_PARAMS) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  const scalars = itemViewQuerySchema.safeParse(raw);
  const metadata = metadataSchema.safeParse(params);
  const issues = [...(scalars.success ? [] : scalars.error.issues), ...(metadata.success ? [] : metadata.error.issues)];
  const v = scalars.data;
  if (raw.split?.trim() && !raw.snapshot?.trim()) issues.push({ code: "custom", path: ["split"], message: "needs an export snapshot to take the split from", input: raw.split });
  if (issues.length > 0 || !v || !metadata.success) throw new z.ZodError(issues);
  let after: ItemCursor | undefined;
  if (v.after) {
    const [key, id] = v.after.split("_");
    after = { key: Number(key), id: Number(id) };
  }
  const view: ItemView = { status: v.status, finalLabel: v.label, anyLabel: v.anyLabel, annotator: v.annotator, batch: v.batch, search: v.q, excluded: v.excluded, sort: v.sort, after };
  const optional: Partial<ItemView> = {
    agreement: range(v.agreementMin, v.agreementMax),
    suggestionSource: v.suggestion,
    humans: v.humans,
    uncertainty: range(v.uncertaintyMin, v.uncertaintyMax),
    queueTop: v.queueTop,
    snapshot: v.snapshot,
    split: v.split,
    metadata: metadata.data.length > 0 ? metadata.data : undefined,
  };
  // Filters not asked for are left out, not set to undefined: a view compares equal to the one it was written from.
  for (const [key, value] of Object.entries(optional)) if (value !== undefined) Object.assign(view, { [key]: value });
  return view;
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
  if (view.agreement?.min !== undefined) params.set("agreementMin", String(view.agreement.min));
  if (view.agreement?.max !== undefined) params.set("agreementMax", String(view.agreement.max));
  if (view.suggestionSource) params.set("suggestion", view.suggestionSource);
  if (view.humans) params.set("humans", view.humans);
  if (view.uncertainty?.min !== undefined) params.set("uncertaintyMin", String(view.uncertainty.min));
  if (view.uncertainty?.max !== undefined) params.set("uncertaintyMax", String(view.uncertainty.max));
  if (view.queueTop !== undefined) params.set("queueTop", String(view.queueTop));
  if (view.snapshot !== undefined) params.set("snapshot", String(view.snapshot));
  if (view.split) params.set("split", view.split);
  for (const m of view.metadata ?? []) params.append(`meta.${m.path.join(".")}`, m.value);
  if (view.sort !== "id") params.set("sort", view.sort);
  if (view.after) params.set("after", `${view.after.key}_${view.after.id}`);
  return params.toString();
}
