// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const updateSchema = z.object({ active: z.boolean() });
