import { getDb } from "@/db";
import { countItems } from "@/db/queries/item-browser";
import type { ItemView } from "@/lib/browse/item-view";
import { MatchCountText } from "@/components/browse/match-count-text";

/** The capped count of a view, rendered inside a Suspense boundary so the table streams first. */
export async function MatchCount({ projectId, view }: { projectId: string; view: ItemView }) {
  return <MatchCountText count={await countItems({ db: await getDb(), projectId, view })} />;
}
