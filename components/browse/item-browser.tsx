// The data browser's table and filters. A plain GET form: the filters become the page's query
// string, so every view is a link that can be shared, bookmarked and opened again. Item text is
// untrusted and only ever rendered as text.
import Link from "next/link";
import type { ReactNode } from "react";
import { ITEM_SORTS, ITEM_STATUSES, STATUS_TITLES, itemViewQuery, type ItemView } from "@/lib/browse/item-view";
import { itemStatusText } from "@/lib/browse/item-status";

type Row = {
  id: number;
  externalId: string;
  excerpt: string;
  open: boolean;
  annotations: number;
  method: string | null;
  finalLabels: string[];
  agreement: number | null;
  inReview: boolean;
  notSure: boolean;
  skipped: boolean;
};

export type ItemBrowserProps = {
  slug: string;
  view: ItemView;
  options: { labels: string[]; annotators: { id: string; name: string }[]; batches: { id: number; title: string }[] };
  page: { items: Row[]; next: { key: number; id: number } | null } | null;
  /** The match count, streamed in after the rows (the page wraps it in Suspense). */
  count: ReactNode;
  problem: string | null;
};

const SORT_TITLES: Record<(typeof ITEM_SORTS)[number], string> = { id: "Import order", "-id": "Newest first", agreement: "Lowest agreement first" };

/** A labelled control: the label names the control alone (a wrapping label would add the options' text to its name). */
function Filter({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <span className="item-filter">
      <label htmlFor={id}>{title}</label> {children}
    </span>
  );
}

export function ItemBrowser({ slug, view, options, page, count, problem }: ItemBrowserProps) {
  const base = `/projects/${slug}/items`;
  const firstPage = itemViewQuery({ ...view, after: undefined });
  return (
    <section>
      <h1>Data</h1>
      <form method="get" action={base} role="search" aria-label="Filter items" className="item-filters">
        <Filter id="filter-q" title="Search">
          <input type="search" id="filter-q" name="q" defaultValue={view.search ?? ""} placeholder="words in the text" />
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
          <table className="compact" aria-label="Items">
            <thead>
              <tr>
                <th scope="col">Item</th>
                <th scope="col">Text</th>
                <th scope="col">Status</th>
                <th scope="col">Final label</th>
                <th scope="col">Method</th>
                <th scope="col">Annotations</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <Link href={`/projects/${slug}/items/${item.id}`}>{item.externalId}</Link>
                  </td>
                  <td>{item.excerpt}</td>
                  <td>{itemStatusText(item)}</td>
                  <td>{item.finalLabels.join(", ")}</td>
                  <td>{item.method ?? ""}</td>
                  <td>{item.annotations}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
