// One item's story as the person asking may see it: the route and the page both answer through
// here, so they cannot disagree on what a reviewer is shown.
import "server-only";
import { getDb } from "@/db";
import { itemHistory, type ItemHistory } from "@/db/queries/item-history";
import type { ProjectAccess } from "@/lib/auth/guard";
import { can } from "@/lib/auth/permissions";
import { visibleMetadata } from "@/lib/annotate/annotate-item";
import { GoldsetError } from "@/lib/errors";

/** Parses the id in the URL; a bad one is a 400 that says what was given. */
export function itemIdFrom(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new GoldsetError("bad_request", `"${raw}" is not an item id.`);
  return id;
}

/**
 * The history of `itemId` in the caller's project, or a not-found error for an item of any other
 * project. Those who may export (leads, site admins) see every metadata key, as the export files
 * do; reviewers see the keys the lead shows annotators, as in the review queue.
 */
export async function itemHistoryForViewer({ user, project, role }: ProjectAccess, itemId: number): Promise<ItemHistory> {
  const history = await itemHistory({ db: await getDb(), projectId: project.id, itemId });
  if (!history) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
  if (can({ isAdmin: user.isAdmin, role }, "exportData")) return history;
  return { ...history, item: { ...history.item, metadata: visibleMetadata(history.item.metadata, project.visibleMetadata) } };
}
