// The settings page's tabs, one line each: a tab is its id (the URL's ?tab=), its title and the
// server component that renders its panel. Add a tab by adding a line.
import type { ReactNode } from "react";
import type { Db } from "@/db";
import { listMembers } from "@/db/queries/memberships";
import { countItems, listImportBatches } from "@/db/queries/items";
import { listManagedLabels } from "@/db/queries/label-management";
import { getReviewSettings } from "@/db/queries/review-settings";
import type { ProjectRecord } from "@/db/queries/projects";
import { ProjectSettingsForm } from "@/components/projects/project-settings-form";
import { LabelManager } from "@/components/projects/label-manager";
import { MembersPanel } from "@/components/projects/members-panel";
import { ReviewSettingsForm } from "@/components/projects/review-settings-form";
import { GoldSettingsSection } from "@/components/projects/gold-settings-section";
import { ProjectLifecycle } from "@/components/projects/project-lifecycle";
import { WebhooksSection } from "@/components/projects/webhooks-section";

export type SettingsPanelProps = { db: Db; slug: string; project: ProjectRecord };

export const SETTINGS_TABS: readonly { id: string; title: string; Panel: (props: SettingsPanelProps) => Promise<ReactNode> }[] = [
  { id: "general", title: "General", Panel: GeneralPanel },
  { id: "labels", title: "Labels", Panel: LabelsPanel },
  { id: "review", title: "Review and resolution", Panel: ReviewPanel },
  { id: "members", title: "Members", Panel: MembersTab },
  { id: "gold", title: "Gold checks", Panel: GoldPanel },
  { id: "webhooks", title: "Webhooks", Panel: WebhooksPanel },
  { id: "project", title: "Archive or delete", Panel: LifecyclePanel },
];

async function GeneralPanel({ db, slug, project }: SettingsPanelProps) {
  return (
    <section className="card">
      <h2>Project</h2>
      <p className="muted">
        {await countItems({ db, projectId: project.id })} items in {(await listImportBatches({ db, projectId: project.id })).length} import(s) ·{" "}
        {project.taskType === "multi_label" ? "multi-label" : "single-label"} · label set v{project.labelSetVersion}
      </p>
      <ProjectSettingsForm slug={slug} project={project} />
    </section>
  );
}

async function LabelsPanel({ db, slug, project }: SettingsPanelProps) {
  return (
    <section className="card">
      <h2>Labels</h2>
      <LabelManager slug={slug} initial={await listManagedLabels({ db, projectId: project.id })} />
    </section>
  );
}

async function ReviewPanel({ db, slug, project }: SettingsPanelProps) {
  return (
    <section className="card">
      <h2>Review and resolution</h2>
      <ReviewSettingsForm slug={slug} settings={await getReviewSettings({ db, projectId: project.id })} />
    </section>
  );
}

async function MembersTab({ db, slug, project }: SettingsPanelProps) {
  return (
    <section className="card">
      <h2>Members</h2>
      <MembersPanel slug={slug} initial={await listMembers({ db, projectId: project.id })} />
    </section>
  );
}

async function GoldPanel({ slug }: SettingsPanelProps) {
  return <GoldSettingsSection slug={slug} />;
}

async function WebhooksPanel({ slug }: SettingsPanelProps) {
  return <WebhooksSection slug={slug} />;
}

async function LifecyclePanel({ slug, project }: SettingsPanelProps) {
  return <ProjectLifecycle slug={slug} name={project.name} archived={project.archivedAt !== null} />;
}
