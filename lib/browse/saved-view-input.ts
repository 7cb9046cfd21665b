// What a saved view's name and query may be (db/queries/saved-views.ts stores them). The query is
// the browser's own URL query string, checked by the browser's parser and stored in its canonical
// form without the page position, so opening the view starts at its first page.
import { z } from "zod";
import { itemViewQuery, parseItemView } from "./item-view";

export const savedViewName = z.string().trim().min(1, "give the view a name").max(100, "at most 100 characters");

export const savedViewCreateSchema = z.object({ name: savedViewName, query: z.string().max(4_000) });
export const savedViewRenameSchema = z.object({ name: savedViewName });

/** The query to store: parsed as the browser parses it (a ZodError names a bad filter), then written back. */
export function canonicalViewQuery(query: string): string {
  const view = parseItemView(new URLSearchParams(query.startsWith("?") ? query.slice(1) : query));
  return itemViewQuery({ ...view, after: undefined });
}
