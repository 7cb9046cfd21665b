// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { isValidModelId } from "@/lib/ml/model-source";
import { RANKING_STRATEGIES } from "@/lib/projects/workflow-settings";

export const changesSchema = z
  .object({
    strategy: z.enum(RANKING_STRATEGIES),
    explorationShare: z.number().min(0).max(1),
    retrainEvery: z.number().int().min(1).max(10_000),
    minPerClass: z.number().int().min(1).max(100),
    rareClassBoost: z.number().min(0).max(10),
    disagreementBoost: z.number().min(0).max(10),
    encoderModel: z.string().max(200).refine(isValidModelId, 'use a model id like "Xenova/all-MiniLM-L6-v2" (owner/name, no "..")'),
  })
  .partial();
