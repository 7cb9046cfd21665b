// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const bodySchema = z.object({
  modelId: z.string().min(1).max(200),
  state: z.enum(["ready", "failed"]),
  detail: z.string().min(1).max(2_000),
  threads: z.number().int().min(1).max(1_024).nullable().default(null),
  crossOriginIsolated: z.boolean().nullable().default(null),
  itemsPerSecond: z.number().min(0).max(1e6).nullable().default(null),
});
