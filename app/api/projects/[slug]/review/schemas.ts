// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { REVIEW_REASONS } from "@/lib/review/review-need";

export const querySchema = z.object({
  reason: z.enum(REVIEW_REASONS).optional(),
  label: z.string().min(1).max(64).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
