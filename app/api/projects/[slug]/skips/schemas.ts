// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const bodySchema = z.object({ itemId: z.number().int().positive(), reason: z.string().trim().max(500).default("") });
