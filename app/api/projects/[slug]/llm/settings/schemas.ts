// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const changesSchema = z
  .object({
    llmSuggestions: z.boolean(),
    modelSuggestions: z.boolean(),
    anchoringShare: z.number().min(0).max(1),
  })
  .partial();
