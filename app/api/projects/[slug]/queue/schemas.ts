// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const bodySchema = z.object({
  count: z.number().int().min(1).max(10).default(1),
  holding: z.array(z.number().int().positive()).max(20).default([]),
});
