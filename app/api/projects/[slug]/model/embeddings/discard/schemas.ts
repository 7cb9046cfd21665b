// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const bodySchema = z.object({
  modelId: z.string().min(1).max(200),
  userId: z.string().min(1).max(200),
});
