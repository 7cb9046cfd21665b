// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { GOLD_ACTIONS } from "@/lib/projects/workflow-settings";

export const changesSchema = z
  .object({
    rate: z.number().min(0).max(0.5),
    threshold: z.number().min(0).max(1),
    minAnswers: z.number().int().min(1).max(10_000),
    action: z.enum(GOLD_ACTIONS),
  })
  .partial()
  .strict();
