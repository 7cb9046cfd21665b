// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { spanListSchema } from "@/lib/annotate/span-submission";

export const decisionSchema = z.discriminatedUnion("action", [
  z.object({
    action: z.literal("decide"),
    labels: z.array(z.string().min(1).max(64)).max(64),
    // Spans projects only (required there): the decided entities, in code points.
    spans: spanListSchema.optional(),
    rationale: z.string().trim().max(2000).default(""),
  }),
  z.object({ action: z.literal("send_back"), extra: z.number().int().min(1).max(10).default(1), rationale: z.string().trim().max(2000).default("") }),
]);
