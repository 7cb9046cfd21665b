import { z } from "zod";
import { webhookEventsSchema, webhookUrlSchema } from "../schemas";

export const webhookParamsSchema = z.object({ id: z.coerce.number().int().positive() });

/** PATCH /api/projects/[slug]/webhooks/[id]: any of the URL, the events, whether it is active. */
export const updateWebhookSchema = z
  .object({ url: webhookUrlSchema, events: webhookEventsSchema, active: z.boolean() })
  .partial()
  .strict()
  .refine((changes) => Object.keys(changes).length > 0, "change at least one of url, events, active");
