import { getDb } from "@/db";
import { resendWebhookDelivery } from "@/db/queries/webhooks";
import { requireProjectAccess } from "@/lib/auth/guard";
import { wakeJobRunners } from "@/lib/jobs/job-wake";
import { deliveryJson } from "@/lib/webhooks/webhook-views";
import { respond } from "../../../../../../respond";
import { resendParamsSchema } from "./schemas";

/** A lead sends a delivery's event again, as a new delivery (audited); its job starts at once. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string; deliveryId: string }> }) {
  return respond(async () => {
    const { slug, ...raw } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "manageSettings");
    const { deliveryId } = resendParamsSchema.parse(raw);
    const delivery = await resendWebhookDelivery({ db: await getDb(), projectId: project.id, deliveryId, actorId: user.id });
    wakeJobRunners();
    return { delivery: deliveryJson(delivery) };
  }, 201);
}
