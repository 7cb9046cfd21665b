// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const markSchema = z
  .object({
    answers: z
      .array(z.object({ itemId: z.number().int().positive(), labels: z.array(z.string().min(1).max(64)).max(64) }).strict())
      .min(1, "give at least one item")
      .max(1_000),
  })
  .strict();
