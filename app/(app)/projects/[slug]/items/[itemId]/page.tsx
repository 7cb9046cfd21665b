import { notFound } from "next/navigation";
import { getDb } from "@/db";
import { goldAnswerFor } from "@/db/queries/gold";
import { listLabels } from "@/db/queries/projects";
import { pageAccess } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { GoldsetError } from "@/lib/errors";
import { itemHistoryForViewer, itemIdFrom } from "@/lib/items/server/item-history-for-viewer";
import type { ItemHistory } from "@/db/queries/item-history";
import { AccessDenied } from "@/components/ui/access-denied";
import { ItemHistoryView } from "@/components/items/item-history-view";
import { GoldAnswerPanel } from "@/components/items/gold-answer-panel";

export const metadata = { title: "Item · Goldset" };

export default async function ItemPage({ params }: { params: Promise<{ slug: string; itemId: string }> }) {
  const { slug, itemId } = await params;
  // Leads, reviewers and site admins: the only people who may see a gold answer.
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
  const db = await getDb();
  const gold = await goldAnswerFor({ db, projectId: access.project.id, itemId: history.item.id });
  const labels = (await listLabels({ db, projectId: access.project.id })).map((l) => ({ name: l.name, color: l.color }));
  return (
    <>
      <ItemHistoryView history={history} />
      <GoldAnswerPanel
        slug={slug}
        itemId={history.item.id}
        labels={labels}
        taskType={access.project.taskType}
        answer={gold?.labels ?? null}
        canEdit={can({ isAdmin: access.user.isAdmin, role: access.role }, "manageSettings")}
      />
    </>
  );
}
