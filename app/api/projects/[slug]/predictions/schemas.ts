// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { ITEM_FILE_FORMATS } from "@/lib/import/item-file-format";

export const querySchema = z.object({
  fileName: z.string().trim().min(1).max(255),
  format: z.enum(ITEM_FILE_FORMATS).optional(),
  itemField: z.string().min(1).max(200).default("item"),
});
