// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

// No defaults here: a knob left out keeps its stored value. The merged result is checked against
// lib/projects/workflow-settings.ts (majority below 1) before anything is written.
export const changesSchema = z
  .object({
    characterLevel: z.boolean(),
    allowOverlap: z.boolean(),
    majority: z.number().min(0).lt(1),
  })
  .partial()
  .strict();
