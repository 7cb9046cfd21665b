import { getDb } from "@/db";
import { listWebhookDeliveries } from "@/db/queries/webhooks";
import { requireProjectAccess } from "@/lib/auth/guard";
import { deliveryJson } from "@/lib/webhooks/webhook-views";
import { respond } from "../../../../../respond";
import { webhookParamsSchema } from "../schemas";
import { deliveriesQuerySchema } from "./schemas";

/** A page of a webhook's deliveries, newest first; `nextBefore` asks for the next page. */
export async function GET(request: Request, ctx: { params: Promise<{ slug: string; id: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "manageSettings", { allowArchived: true });
    const { id } = webhookParamsSchema.parse(raw);
    const query = deliveriesQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
    const page = await listWebhookDeliveries({ db: await getDb(), projectId: project.id, webhookId: id, ...query });
    return { deliveries: page.deliveries.map(deliveryJson), nextBefore: page.nextBefore };
  });
}
