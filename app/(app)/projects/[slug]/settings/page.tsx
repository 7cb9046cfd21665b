import { getDb } from "@/db";
import { listLabels } from "@/db/queries/projects";
import { listMembers } from "@/db/queries/memberships";
import { countItems, listImportBatches } from "@/db/queries/items";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";
import { LabelEditor } from "@/components/projects/label-editor";
import { MembersPanel } from "@/components/projects/members-panel";
import { ReviewSettingsForm } from "@/components/projects/review-settings-form";
import { ProjectLifecycle } from "@/components/projects/project-lifecycle";
import { getReviewSettings } from "@/db/queries/review-settings";
import { GoldSettingsSection } from "@/components/projects/gold-settings-section";

export const metadata = { title: "Settings · Goldset" };

export default async function SettingsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "manageSettings");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const db = await getDb();
  const { project } = access;
  return (
    <div className="settings">
      <section className="card">
        <h2>Project</h2>
        <p className="muted">
          {await countItems({ db, projectId: project.id })} items in {(await listImportBatches({ db, projectId: project.id })).length} import(s) ·{" "}
          {project.taskType === "multi_label" ? "multi-label" : "single-label"} · label set v{project.labelSetVersion}
        </p>
        <ProjectSettingsForm slug={slug} project={project} />
      </section>
      <section className="card">
        <h2>Labels</h2>
        <LabelEditor slug={slug} initial={await listLabels({ db, projectId: project.id })} />
      </section>
      <section className="card">
        <h2>Review and resolution</h2>
        <ReviewSettingsForm slug={slug} settings={await getReviewSettings({ db, projectId: project.id })} />
      </section>
      <GoldSettingsSection slug={slug} />
      <section className="card">
        <h2>Members</h2>
        <MembersPanel slug={slug} initial={await listMembers({ db, projectId: project.id })} />
      </section>
      <ProjectLifecycle slug={slug} name={project.name} archived={project.archivedAt !== null} />
    </div>
  );
}
