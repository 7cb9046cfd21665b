import { getDb } from "@/db";
import { adjudicate, reviewItemDetail, sendBack } from "@/db/queries/review";
import { visibleMetadata } from "@/lib/annotate/annotate-item";
import { requireProjectAccess } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { readJson, respond } from "../../../../respond";
import { decisionSchema } from "./schemas";

type Ctx = { params: Promise<{ slug: string; itemId: string }> };

function itemIdFrom(raw: string): number {
  const id = Number(raw);
  if (!Number.isInteger(id) || id <= 0) throw new GoldsetError("bad_request", `"${raw}" is not an item id.`);
  return id;
}

export async function GET(_request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, itemId } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "review", { allowArchived: true });
    const detail = await reviewItemDetail({ db: await getDb(), projectId: project.id, itemId: itemIdFrom(itemId) });
    if (!detail) throw new GoldsetError("not_found", `Item ${itemId} is not in this project.`);
    // The reviewer sees the metadata annotators see; keys the lead keeps hidden stay hidden.
    return { ...detail, item: { ...detail.item, metadata: visibleMetadata(detail.item.metadata, project.visibleMetadata) } };
  });
}

export async function POST(request: Request, ctx: Ctx) {
  return respond(async () => {
    const { slug, itemId } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "review");
    const decision = decisionSchema.parse(await readJson(request));
    const allowOwn = workflowSettings(project.settings).review.allowSelfAdjudication;
    const common = { db: await getDb(), projectId: project.id, itemId: itemIdFrom(itemId), reviewerId: user.id, rationale: decision.rationale, allowOwn };
    if (decision.action === "send_back") return { sentBack: await sendBack({ ...common, extra: decision.extra }) };
    return { resolution: await adjudicate({ ...common, labels: decision.labels, spans: decision.spans }) };
  });
}
