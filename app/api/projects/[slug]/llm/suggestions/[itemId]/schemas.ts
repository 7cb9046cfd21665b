// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const paramsSchema = z.object({ itemId: z.coerce.number().int().positive() });
