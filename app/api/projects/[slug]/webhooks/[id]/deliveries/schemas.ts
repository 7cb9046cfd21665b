import { z } from "zod";
import { WEBHOOK_DELIVERY_STATES, WEBHOOK_EVENTS } from "@/db/schema";

/** GET ?before=<id>&limit=<n>: the page after delivery `before` (newest first). */
export const deliveriesQuerySchema = z.object({
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const webhookDeliveryJsonSchema = z.object({
  id: z.number().int(),
  webhookId: z.number().int(),
  event: z.enum(WEBHOOK_EVENTS),
  eventId: z.string(),
  state: z.enum(WEBHOOK_DELIVERY_STATES),
  attempts: z.number().int(),
  responseStatus: z.number().int().nullable(),
  error: z.string().nullable(),
  resendOf: z.number().int().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

export const deliveriesResponseSchema = z.object({ deliveries: z.array(webhookDeliveryJsonSchema), nextBefore: z.number().int().nullable() });
