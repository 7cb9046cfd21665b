import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { pageAccess } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { env } from "@/lib/env";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { AccessDenied } from "@/components/ui/access-denied";
import { AnnotateView } from "@/components/annotate/annotate-view";
import { SpanAnnotateView } from "@/components/annotate/spans/span-annotate-view";
import { EmbeddingLoop } from "@/components/active-learning/embedding-loop";
import { ArchivedProjectNotice } from "@/components/projects/project-lifecycle-notice";

export const metadata = { title: "Annotate · Goldset" };

export default async function AnnotatePage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "annotate");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  // The queue would refuse anyway (lib/auth/guard.ts); saying so here spares the annotator an error.
  if (access.project.archivedAt) return <ArchivedProjectNotice projectName={access.project.name} />;
  const db = await getDb();
  const active = (await listLabels({ db, projectId: access.project.id })).filter((l) => !l.retired);
  const view = (l: (typeof active)[number]) => ({ name: l.name, description: l.description, hotkey: l.hotkey, color: l.color });
  const labels = active.map(view);
  const { encoderModel, spans } = workflowSettings(access.project.settings);
  return (
    <>
      {access.project.taskType === "spans" ? (
        <SpanAnnotateView
          slug={slug}
          projectName={access.project.name}
          // A spans project's labels: entity types (kind "entity") and optional item labels (kind "item").
          entityTypes={active.filter((l) => l.kind === "entity").map(view)}
          itemLabels={active.filter((l) => l.kind === "item").map(view)}
          guidelines={access.project.guidelines}
          options={{ characterLevel: spans.characterLevel, allowOverlap: spans.allowOverlap }}
        />
      ) : (
        <AnnotateView slug={slug} projectName={access.project.name} taskType={access.project.taskType} labels={labels} guidelines={access.project.guidelines} />
      )}
      <EmbeddingLoop
        slug={slug}
        modelId={encoderModel}
        allowRemoteModels={env().GOLDSET_ALLOW_REMOTE_MODELS === "1"}
        coverage={await embeddingCoverage({ db, projectId: access.project.id, modelId: encoderModel })}
        canFixEncoder={can({ isAdmin: access.user.isAdmin, role: access.role }, "manageSettings")}
      />
    </>
  );
}
