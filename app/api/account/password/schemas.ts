// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";

export const changeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) });
