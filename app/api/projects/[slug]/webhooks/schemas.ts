import { z } from "zod";
import { WEBHOOK_EVENTS } from "@/db/schema";

export const webhookUrlSchema = z.string().trim().url().max(2000);
export const webhookEventsSchema = z.array(z.enum(WEBHOOK_EVENTS)).min(1, "choose at least one event").max(WEBHOOK_EVENTS.length);

/** POST /api/projects/[slug]/webhooks: the target and the events it hears. */
export const createWebhookSchema = z
  .object({
    url: webhookUrlSchema,
    events: webhookEventsSchema,
    active: z.boolean().optional(),
  })
  .strict();

const webhookJsonSchema = z.object({
  id: z.number().int(),
  url: z.string(),
  events: z.array(z.enum(WEBHOOK_EVENTS)),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

/** GET: the project's webhooks (never their secrets). */
export const webhookListResponseSchema = z.object({ webhooks: z.array(webhookJsonSchema) });
/** POST answers the webhook and its signing secret, which is never shown again. */
export const createdWebhookResponseSchema = z.object({ webhook: webhookJsonSchema, secret: z.string() });
export { webhookJsonSchema };
