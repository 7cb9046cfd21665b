// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { MAX_EMBEDDING_CLAIM_ITEMS } from "@/db/queries/embedding-claims";

export const bodySchema = z.object({
  modelId: z.string().min(1).max(200),
  count: z.number().int().min(1).max(MAX_EMBEDDING_CLAIM_ITEMS).default(MAX_EMBEDDING_CLAIM_ITEMS),
});
