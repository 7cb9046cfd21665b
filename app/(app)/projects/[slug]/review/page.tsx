import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { ReviewView } from "@/components/review/review-view";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export const metadata = { title: "Review · Goldset" };

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "review");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  // Decisions are taken among the labels in use; retired ones take no new work.
  const live = (await listLabels({ db: await getDb(), projectId: access.project.id })).filter((l) => !l.retired);
  const view = (l: (typeof live)[number]) => ({ name: l.name, description: l.description, hotkey: l.hotkey, color: l.color });
  if (access.project.taskType === "spans") {
    // Spans: entity types mark the decision's spans; item labels (if any) are decided beside them.
    const settings = workflowSettings(access.project.settings).spans;
    const spans = {
      entityTypes: live.filter((l) => l.kind === "entity").map(view),
      itemLabels: live.filter((l) => l.kind === "item").map(view),
      characterLevel: settings.characterLevel,
      allowOverlap: settings.allowOverlap,
      majority: settings.majority,
    };
    return <ReviewView slug={slug} multiLabel labels={spans.itemLabels} spans={spans} />;
  }
  return <ReviewView slug={slug} multiLabel={access.project.taskType === "multi_label"} labels={live.map(view)} />;
}
