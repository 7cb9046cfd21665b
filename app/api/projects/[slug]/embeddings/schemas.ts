// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { MAX_CLAIM_REF_LENGTH } from "@/lib/active-learning/server/embedding-claim-refs";
import { MAX_EMBEDDING_DIM, MAX_VECTORS_PER_POST } from "@/lib/active-learning/server/embedding-payload";

export const bodySchema = z.object({
  modelId: z.string().min(1).max(200),
  encoding: z.enum(["int8", "float16"]),
  dim: z.number().int().min(1).max(MAX_EMBEDDING_DIM),
  vectors: z
    .array(z.object({ ref: z.string().min(1).max(MAX_CLAIM_REF_LENGTH), data: z.string().max(Math.ceil((2 * MAX_EMBEDDING_DIM) / 3) * 4) }))
    .min(1)
    .max(MAX_VECTORS_PER_POST),
});
