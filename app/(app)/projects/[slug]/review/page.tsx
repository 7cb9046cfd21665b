import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { ReviewView } from "@/components/review/review-view";

export const metadata = { title: "Review · Goldset" };

export default async function ReviewPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "review");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  // Decisions are taken among the labels in use; retired ones take no new work.
  const labels = (await listLabels({ db: await getDb(), projectId: access.project.id }))
    .filter((l) => !l.retired)
    .map((l) => ({
    name: l.name,
    description: l.description,
    hotkey: l.hotkey,
    color: l.color,
  }));
  return <ReviewView slug={slug} multiLabel={access.project.taskType === "multi_label"} labels={labels} />;
}
