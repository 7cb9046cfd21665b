// The status a data browser row shows: the same derivations the status filters use
// (db/queries/item-browser.ts), most pressing first. Pure.
export type ItemStatusFacts = { open: boolean; method: string | null; inReview: boolean; notSure: boolean; skipped: boolean };

export function itemStatusText(item: ItemStatusFacts): string {
  const parts = [item.inReview ? "in review" : item.method && item.method !== "unresolved" ? "resolved" : item.open ? "open" : "labelled"];
  if (item.notSure) parts.push("not sure");
  if (item.skipped) parts.push("skipped");
  return parts.join(", ");
}
