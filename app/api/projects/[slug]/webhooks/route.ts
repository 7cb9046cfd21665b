import { getDb } from "@/db";
import { createWebhook, listWebhooks } from "@/db/queries/webhooks";
import { requireProjectAccess } from "@/lib/auth/guard";
import { outboundHostPolicy } from "@/lib/llm/client/guarded-lookup";
import { webhookMasterSecret } from "@/lib/webhooks/webhook-master-secret";
import { assertWebhookTargetAllowed } from "@/lib/webhooks/webhook-target";
import { webhookJson } from "@/lib/webhooks/webhook-views";
import { readJson, respond } from "../../../respond";
import { createWebhookSchema } from "./schemas";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    return { webhooks: (await listWebhooks({ db: await getDb(), projectId: project.id })).map(webhookJson) };
  });
}

/** A lead adds a webhook: its URL must pass the outbound allow-list; the answer carries the secret, once. */
export async function POST(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const input = createWebhookSchema.parse(await readJson(request));
    await assertWebhookTargetAllowed(input.url, outboundHostPolicy());
    const { webhook, secret } = await createWebhook({ db: await getDb(), projectId: project.id, actorId: user.id, ...input, masterSecret: webhookMasterSecret });
    return { webhook: webhookJson(webhook), secret };
  }, 201);
}
