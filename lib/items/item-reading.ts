// One item as a script reads it (GET /api/v1/projects/{slug}/items/{itemId}): its text and
// metadata, the labels in force on it, and how they resolve. Derived from the item's history, so
// the API and the history page cannot disagree on which labels count.
import type { CurrentResolution, ItemHistory } from "@/db/queries/item-history";

export type ItemReading = {
  item: { id: number; externalId: string; text: string; metadata: Record<string, unknown>; createdAt: string };
  annotations: {
    id: string;
    annotator: string;
    labels: string[];
    notSure: boolean;
    notSureReason: string | null;
    note: string | null;
    at: string;
    source: "app" | "import";
  }[];
  resolution: Pick<CurrentResolution, "method" | "labels" | "agreement" | "posterior" | "annotators" | "notSure"> | null;
};

/** The labels in force: annotations of kind "label" that no later row replaced or retracted. */
export function itemReading({ item, resolution, events }: ItemHistory): ItemReading {
  const annotations: ItemReading["annotations"] = [];
  for (const event of events) {
    if (event.kind !== "annotation" || event.annotationKind !== "label" || event.replacedBy !== null) continue;
    const { id, annotator, labels, notSure, notSureReason, note, at, source } = event;
    annotations.push({ id, annotator, labels, notSure, notSureReason, note, at: at.toISOString(), source });
  }
  return {
    item: { id: item.id, externalId: item.externalId, text: item.text, metadata: item.metadata, createdAt: item.createdAt.toISOString() },
    annotations,
    resolution: resolution && {
      method: resolution.method,
      labels: resolution.labels,
      agreement: resolution.agreement,
      posterior: resolution.posterior,
      annotators: resolution.annotators,
      notSure: resolution.notSure,
    },
  };
}
