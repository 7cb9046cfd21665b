// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const startSchema = z.object({
  promptVersion: z.number().int().positive(),
  limit: z.number().int().positive().max(10_000_000).nullable().default(null),
});
