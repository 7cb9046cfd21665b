"use client";
// The data browser's rows. For a lead, each row has a checkbox, the header one ticks the whole
// page, and once a page is ticked "select all M matching" widens the selection to every item the
// filters match (counted by the count route, not loaded); the bulk bar acts on either. Item text is
// untrusted and only ever rendered as text.
import { useState } from "react";
import Link from "next/link";
import { useQuery } from "@tanstack/react-query";
import { apiCall } from "@/components/ui/api-client";
import { itemStatusText } from "@/lib/browse/item-status";
import { COUNT_CAP } from "@/lib/browse/item-view";
import { BulkActionsBar, type BulkSelection } from "./bulk-actions-bar";

export type ItemRow = {
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
  excluded: boolean;
};

function useMatchCount(slug: string, query: string, enabled: boolean) {
  return useQuery({
    queryKey: ["item-count", slug, query],
    queryFn: () => apiCall<{ n: number; more: boolean }>(`/api/projects/${encodeURIComponent(slug)}/items/count${query ? `?${query}` : ""}`),
    enabled,
  });
}

export function ItemTable({ slug, rows, filterQuery, canBulk }: { slug: string; rows: ItemRow[]; filterQuery: string; canBulk: boolean }) {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const pageIds = rows.map((r) => r.id);
  const wholePage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const count = useMatchCount(slug, filterQuery, canBulk && wholePage);
  const matching = count.data ? (count.data.more ? null : count.data.n) : undefined;

  function toggle(id: number) {
    setAllMatching(false);
    setSelected((was) => {
      const next = new Set(was);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  }
  function togglePage() {
    setAllMatching(false);
    setSelected((was) => {
      const next = new Set(was);
      for (const id of pageIds) {
        if (wholePage) next.delete(id);
        else next.add(id);
      }
      return next;
    });
  }

  const selection: BulkSelection =
    allMatching && matching !== undefined && matching !== null ? { kind: "filter", query: filterQuery, count: matching } : { kind: "selection", itemIds: [...selected] };

  return (
    <>
      {canBulk ? (
        <>
          <BulkActionsBar slug={slug} selection={selection} />
          {wholePage && !allMatching && matching !== undefined && (matching === null || matching > selected.size) ? (
            <p>
              All {pageIds.length} items on this page are selected.{" "}
              {matching === null ? (
                <span className="muted">More than {COUNT_CAP.toLocaleString("en")} items match: narrow the filters to act on all of them.</span>
              ) : (
                <button type="button" onClick={() => setAllMatching(true)}>
                  Select all {matching.toLocaleString("en")} matching items
                </button>
              )}
            </p>
          ) : null}
          {allMatching ? (
            <p>
              All matching items are selected.{" "}
              <button type="button" onClick={() => (setAllMatching(false), setSelected(new Set()))}>
                Clear selection
              </button>
            </p>
          ) : null}
        </>
      ) : null}
      <table className="compact" aria-label="Items">
        <thead>
          <tr>
            {canBulk ? (
              <th scope="col">
                <input type="checkbox" aria-label="Select all on this page" checked={wholePage} onChange={togglePage} />
              </th>
            ) : null}
            <th scope="col">Item</th>
            <th scope="col">Text</th>
            <th scope="col">Status</th>
            <th scope="col">Final label</th>
            <th scope="col">Method</th>
            <th scope="col">Annotations</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <tr key={item.id}>
              {canBulk ? (
                <td>
                  <input type="checkbox" aria-label={`Select ${item.externalId}`} checked={allMatching || selected.has(item.id)} onChange={() => toggle(item.id)} />
                </td>
              ) : null}
              <td>
                <Link href={`/projects/${slug}/items/${item.id}`}>{item.externalId}</Link>
              </td>
              <td>{item.excerpt}</td>
              <td>
                {itemStatusText(item)}
                {item.excluded ? (
                  <span className="badge" data-testid="excluded-badge" title="Left out of export snapshots made from now on">
                    excluded
                  </span>
                ) : null}
              </td>
              <td>{item.finalLabels.join(", ")}</td>
              <td>{item.method ?? ""}</td>
              <td>{item.annotations}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
