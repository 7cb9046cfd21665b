import { getDb } from "@/db";
import { deleteWebhook, updateWebhook } from "@/db/queries/webhooks";
import { requireProjectAccess } from "@/lib/auth/guard";
import { outboundHostPolicy } from "@/lib/llm/client/guarded-lookup";
import { assertWebhookTargetAllowed } from "@/lib/webhooks/webhook-target";
import { webhookJson } from "@/lib/webhooks/webhook-views";
import { readJson, respond } from "../../../../respond";
import { updateWebhookSchema, webhookParamsSchema } from "./schemas";

/** A lead changes a webhook's URL (checked against the allow-list again), events or active flag. */
export async function PATCH(request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { id } = webhookParamsSchema.parse(raw);
    const changes = updateWebhookSchema.parse(await readJson(request));
    if (changes.url !== undefined) await assertWebhookTargetAllowed(changes.url, outboundHostPolicy());
    return { webhook: webhookJson(await updateWebhook({ db: await getDb(), projectId: project.id, webhookId: id, actorId: user.id, changes })) };
  });
}

/** A lead deletes a webhook: no new events; its delivery log stays readable in the audit. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { id } = webhookParamsSchema.parse(raw);
    await deleteWebhook({ db: await getDb(), projectId: project.id, webhookId: id, actorId: user.id });
    return { deleted: id };
  });
}
