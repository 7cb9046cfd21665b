import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { AnnotateView } from "@/components/annotate/annotate-view";

export const metadata = { title: "Annotate · Goldset" };

export default async function AnnotatePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "annotate");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const labels = listLabels({ db: getDb(), projectId: access.project.id }).map((l) => ({
    name: l.name,
    description: l.description,
    hotkey: l.hotkey,
    color: l.color,
  }));
  return (
    <AnnotateView
      slug={slug}
      projectName={access.project.name}
      taskType={access.project.taskType}
      labels={labels}
      guidelines={access.project.guidelines}
    />
  );
}
