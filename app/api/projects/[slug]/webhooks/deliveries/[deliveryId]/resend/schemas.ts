import { z } from "zod";

export const resendParamsSchema = z.object({ deliveryId: z.coerce.number().int().positive() });
