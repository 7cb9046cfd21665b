// Span annotations as if each person had submitted them in the span editor, for specs about what
// follows (resolution, review, export). Through db/queries' submitAnnotation, as seedLabels does.
import { randomUUID } from "node:crypto";
import { getDb } from "@/db";
import type { StoredSpan } from "@/db/schema";
import { submitAnnotation } from "@/db/queries/annotations";
import { getItem, projectItemWindows } from "@/db/queries/items";
import { getProjectBySlug } from "@/db/queries/projects";
import { userId } from "./database";
import type { Person } from "./people";

export async function seedSpanAnnotations(slug: string, votes: { person: Person; item: string; spans: StoredSpan[] }[]) {
  const db = await getDb();
  const projectId = (await getProjectBySlug({ db, slug }))!.id;
  const itemIds = new Map<string, number>();
  for await (const { fromId, toId } of projectItemWindows({ db, projectId, width: 1000 })) {
    for (let id = fromId; id <= toId; id++) {
      const item = await getItem({ db, projectId, itemId: id });
      if (item) itemIds.set(item.externalId, item.id);
    }
  }
  for (const vote of votes) {
    await submitAnnotation({
      db,
      projectId,
      annotatorId: await userId(vote.person),
      input: { id: randomUUID(), itemId: itemIds.get(vote.item)!, labels: [], spans: vote.spans, notSure: false, suggestionShown: false, rejectedSuggestion: false },
    });
  }
}
