import { notFound } from "next/navigation";
import { pageAccess } from "@/lib/auth/page-guard";
import { GoldsetError } from "@/lib/errors";
import { itemHistoryForViewer, itemIdFrom } from "@/lib/items/server/item-history-for-viewer";
import type { ItemHistory } from "@/db/queries/item-history";
import { AccessDenied } from "@/components/ui/access-denied";
import { ItemHistoryView } from "@/components/items/item-history-view";

export const metadata = { title: "Item · Goldset" };

export default async function ItemPage({ params }: { params: Promise<{ slug: string; itemId: string }> }) {
  const { slug, itemId } = await params;
  const access = await pageAccess(slug, "viewAllAnnotations");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  let history: ItemHistory;
  try {
    history = await itemHistoryForViewer(access, itemIdFrom(itemId));
  } catch (error) {
    // A malformed id and another project's item both read as "no such item here".
    if (error instanceof GoldsetError && (error.code === "not_found" || error.code === "bad_request")) notFound();
    throw error;
  }
  return <ItemHistoryView history={history} />;
}
