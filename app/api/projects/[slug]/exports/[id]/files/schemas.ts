// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { EXPORT_FORMATS } from "@/lib/export/server/format-writers";

export const bodySchema = z.object({ format: z.enum(EXPORT_FORMATS) });
