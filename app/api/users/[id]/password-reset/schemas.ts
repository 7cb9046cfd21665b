// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const resetSchema = z.object({ temporaryPassword: z.string().max(200).optional() });
