// The data browser's filters, saved views and table (components/browse/item-table.tsx). A plain GET form: the filters become the page's query
// string, so every view is a link that can be shared, bookmarked and opened again. Item text is
// untrusted and only ever rendered as text.
import Link from "next/link";
import type { ReactNode } from "react";
import {
  HUMAN_VERDICTS,
  ITEM_SORTS,
  ITEM_STATUSES,
  MAX_METADATA_FILTERS,
  MAX_QUEUE_TOP,
  STATUS_TITLES,
  SUGGESTION_SOURCE_FILTERS,
  itemViewQuery,
  type ItemView,
  type Range,
} from "@/lib/browse/item-view";
import { SPLITS } from "@/lib/export/export-record";
import { ItemTable, type ItemRow } from "./item-table";
import { SavedViewsMenu } from "./saved-views-menu";

export type ItemBrowserProps = {
  slug: string;
  view: ItemView;
  options: { labels: string[]; annotators: { id: string; name: string }[]; batches: { id: number; title: string }[]; snapshots: { id: number; title: string }[] };
  page: { items: ItemRow[]; next: { key: number; id: number } | null } | null;
  /** Leads get the row checkboxes and the bulk actions (manageSettings). */
  canBulk: boolean;
  /** The match count, streamed in after the rows (the page wraps it in Suspense). */
  count: ReactNode;
  problem: string | null;
};

const SORT_TITLES: Record<(typeof ITEM_SORTS)[number], string> = { id: "Import order", "-id": "Newest first", agreement: "Lowest agreement first" };

const SOURCE_TITLES: Record<(typeof SUGGESTION_SOURCE_FILTERS)[number], string> = { llm: "LLM", model: "Model", import: "Imported" };
const VERDICT_TITLES: Record<(typeof HUMAN_VERDICTS)[number], string> = { agreed: "Accepted it", disagreed: "Changed or rejected it" };

/** Two number fields, "from" and "to", for a share between 0 and 1; either may be left empty. */
function RangeFilter({ id, name, title, range }: { id: string; name: string; title: string; range: Range | undefined }) {
  const bound = (value: number | undefined) => (value === undefined ? "" : String(value));
  return (
    <span className="item-filter" role="group" aria-labelledby={`${id}-title`}>
      <span id={`${id}-title`}>{title}</span>{" "}
      <label htmlFor={`${id}-min`}>from</label>{" "}
      <input type="number" id={`${id}-min`} name={`${name}Min`} min={0} max={1} step="any" inputMode="decimal" size={4} defaultValue={bound(range?.min)} />{" "}
      <label htmlFor={`${id}-max`}>to</label>{" "}
      <input type="number" id={`${id}-max`} name={`${name}Max`} min={0} max={1} step="any" inputMode="decimal" size={4} defaultValue={bound(range?.max)} />
    </span>
  );
}

/** A labelled control: the label names the control alone (a wrapping label would add the options' text to its name). */
function Filter({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <span className="item-filter">
      <label htmlFor={id}>{title}</label> {children}
    </span>
  );
}

export function ItemBrowser({ slug, view, options, page, count, problem, canBulk }: ItemBrowserProps) {
  const base = `/projects/${slug}/items`;
  const firstPage = itemViewQuery({ ...view, after: undefined });
  return (
    <section>
      <h1>Data</h1>
      {/* Keyed by the view: a link to another view (a saved view, "Clear") navigates without a
          reload, and uncontrolled fields would otherwise keep showing the previous view's filters. */}
      <form key={firstPage} method="get" action={base} role="search" aria-label="Filter items" className="item-filters">
        <Filter id="filter-q" title="Search">
          <input type="search" id="filter-q" name="q" defaultValue={view.search ?? ""} placeholder="words in the text or notes" />
        </Filter>
        <Filter id="filter-status" title="Status">
          <select id="filter-status" name="status" defaultValue={view.status ?? ""}>
            <option value="">Any</option>
            {ITEM_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_TITLES[s]}
              </option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-label" title="Final label">
          <select id="filter-label" name="label" defaultValue={view.finalLabel ?? ""}>
            <option value="">Any</option>
            {options.labels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-any-label" title="Any annotator's label">
          <select id="filter-any-label" name="anyLabel" defaultValue={view.anyLabel ?? ""}>
            <option value="">Any</option>
            {options.labels.map((l) => (
              <option key={l}>{l}</option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-annotator" title="Annotator">
          <select id="filter-annotator" name="annotator" defaultValue={view.annotator ?? ""}>
            <option value="">Anyone</option>
            {options.annotators.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-batch" title="Import batch">
          <select id="filter-batch" name="batch" defaultValue={view.batch === undefined ? "" : String(view.batch)}>
            <option value="">Any</option>
            {options.batches.map((b) => (
              <option key={b.id} value={b.id}>
                {b.title}
              </option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-excluded" title="Excluded from exports">
          <select id="filter-excluded" name="excluded" defaultValue={view.excluded === undefined ? "" : view.excluded ? "yes" : "no"}>
            <option value="">Either</option>
            <option value="yes">Yes</option>
            <option value="no">No</option>
          </select>
        </Filter>
        <RangeFilter id="filter-agreement" name="agreement" title="Agreement" range={view.agreement} />
        <Filter id="filter-suggestion" title="Suggestion from">
          <select id="filter-suggestion" name="suggestion" defaultValue={view.suggestionSource ?? ""}>
            <option value="">Any or none</option>
            {SUGGESTION_SOURCE_FILTERS.map((s) => (
              <option key={s} value={s}>
                {SOURCE_TITLES[s]}
              </option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-humans" title="Annotators and the suggestion">
          <select id="filter-humans" name="humans" defaultValue={view.humans ?? ""}>
            <option value="">Either</option>
            {HUMAN_VERDICTS.map((v) => (
              <option key={v} value={v}>
                {VERDICT_TITLES[v]}
              </option>
            ))}
          </select>
        </Filter>
        <RangeFilter id="filter-uncertainty" name="uncertainty" title="Model uncertainty" range={view.uncertainty} />
        <Filter id="filter-queue-top" title="Among the queue's first">
          <input type="number" id="filter-queue-top" name="queueTop" min={1} max={MAX_QUEUE_TOP} step={1} size={6} defaultValue={view.queueTop ?? ""} />
        </Filter>
        <Filter id="filter-snapshot" title="Export snapshot">
          <select id="filter-snapshot" name="snapshot" defaultValue={view.snapshot === undefined ? "" : String(view.snapshot)}>
            <option value="">Any</option>
            {options.snapshots.map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </select>
        </Filter>
        <Filter id="filter-split" title="Split">
          <select id="filter-split" name="split" defaultValue={view.split ?? ""}>
            <option value="">Any</option>
            {SPLITS.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </Filter>
        {/* One field per metadata condition in force, and one empty for a new one. */}
        {[...(view.metadata ?? []).map((m) => `${m.path.join(".")}=${m.value}`), ...((view.metadata?.length ?? 0) < MAX_METADATA_FILTERS ? [""] : [])].map((condition, i) => (
          <Filter key={i} id={`filter-meta-${i}`} title={`Metadata${i > 0 ? ` ${i + 1}` : ""}`}>
            <input type="text" id={`filter-meta-${i}`} name="meta" defaultValue={condition} placeholder="field=value" spellCheck={false} />
          </Filter>
        ))}
        <Filter id="filter-sort" title="Sort">
          <select id="filter-sort" name="sort" defaultValue={view.sort}>
            {ITEM_SORTS.map((s) => (
              <option key={s} value={s}>
                {SORT_TITLES[s]}
              </option>
            ))}
          </select>
        </Filter>
        <button type="submit">Apply</button> <Link href={base}>Clear</Link>
      </form>
      <SavedViewsMenu slug={slug} currentQuery={firstPage} />
      {problem ? <p role="alert">{problem}</p> : null}
      {page ? (
        <>
          <p>
            {count}
            {view.after ? (
              <>
                {" "}
                <Link href={firstPage ? `${base}?${firstPage}` : base}>First page</Link>
              </>
            ) : null}
          </p>
          <ItemTable slug={slug} rows={page.items} filterQuery={firstPage} canBulk={canBulk} />
          {page.next ? (
            <p>
              <Link href={`${base}?${itemViewQuery({ ...view, after: page.next })}`} rel="next">
                Next page
              </Link>
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
