// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { AGGREGATION_METHODS } from "@/lib/projects/workflow-settings";

export const changesSchema = z
  .object({
    agreementThreshold: z.number().min(0).max(1),
    aggregation: z.enum(AGGREGATION_METHODS),
    dawidSkenePosterior: z.number().min(0).max(1),
    dawidSkeneEvery: z.number().int().min(1).max(100_000),
    allowSelfAdjudication: z.boolean(),
  })
  .partial()
  .strict();
