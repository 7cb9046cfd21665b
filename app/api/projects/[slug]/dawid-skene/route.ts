import { getDb } from "@/db";
import { requireProjectAccess } from "@/lib/auth/guard";
import { requestDawidSkeneRefit } from "@/lib/aggregate/server/dawid-skene-refit";
import { dawidSkeneOverview } from "@/lib/aggregate/server/dawid-skene-overview";
import { respond } from "../../../respond";

export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    return await dawidSkeneOverview({ db: await getDb(), projectId: project.id });
  });
}

/** Refits the project's Dawid–Skene model now and re-resolves its items; answers when done. */
export async function POST(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "viewInsights");
    return { refit: await requestDawidSkeneRefit({ db: await getDb(), projectId: project.id, trigger: "manual" }) };
  }, 201);
}
