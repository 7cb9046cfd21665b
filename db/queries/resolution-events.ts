// item.resolved webhooks: an item's final labels or method changed. Resolutions are refreshed by
// every label, decision and refit, mostly to the same answer, so the event is sent only for items
// whose labels or method differ from what was stored before; and one event carries every item a
// refresh changed (a refit of a 500-item chunk is one delivery, not 500).
import "server-only";
import { and, between, eq } from "drizzle-orm";
import { itemResolutions, type ResolutionMethod } from "../schema";
import type { Executor } from "../index";
import { emitWebhookEvent, subscribedWebhooks } from "./webhook-outbox";

interface Resolved {
  itemId: number;
  labels: readonly string[];
  method: ResolutionMethod;
}

export interface ResolutionWatch {
  /** Emits one item.resolved event for the items of `refreshed` whose labels or method changed. */
  emitChanges(refreshed: readonly Resolved[], now: Date): Promise<void>;
}

/**
 * Before a refresh of items [fromId, toId] of a project: the resolutions stored now, when a webhook
 * listens for item.resolved; null (and nothing read beyond the per-transaction webhook check) when none does.
 */
export async function watchResolutions(tx: Executor, { projectId, fromId, toId }: { projectId: string; fromId: number; toId: number }): Promise<ResolutionWatch | null> {
  if ((await subscribedWebhooks(tx, projectId, "item.resolved")).length === 0) return null;
  const before = new Map<number, { labels: readonly string[]; method: ResolutionMethod }>();
  for (const row of await tx
    .select({ itemId: itemResolutions.itemId, labels: itemResolutions.labels, method: itemResolutions.method })
    .from(itemResolutions)
    .where(and(between(itemResolutions.itemId, fromId, toId), eq(itemResolutions.projectId, projectId)))) {
    before.set(row.itemId, row);
  }
  return {
    async emitChanges(refreshed, now) {
      const changed = refreshed.flatMap(({ itemId, labels, method }) => {
        const previous = before.get(itemId) ?? null;
        if (previous && previous.method === method && sameLabels(previous.labels, labels)) return [];
        // An item nobody has resolved yet that stays unresolved is no news either.
        if (!previous && method === "unresolved") return [];
        return [{ itemId, labels: [...labels], method, previous: previous && { labels: [...previous.labels], method: previous.method } }];
      });
      if (changed.length > 0) await emitWebhookEvent(tx, { projectId, event: "item.resolved", data: { items: changed }, now });
    },
  };
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((label, i) => label === b[i]);
}
