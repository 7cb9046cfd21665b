import Link from "next/link";
import { getDb } from "@/db";
import { listProjectsForUser, type ProjectSummary } from "@/db/queries/projects";
import { projectProgress, type ProjectProgress } from "@/db/queries/project-progress";
import { userMayCreateProjects } from "@/db/queries/site-settings";
import { pageUser } from "@/lib/auth/page-guard";
import { homeSection } from "@/lib/auth/permissions";
import { NewProjectForm } from "@/components/projects/new-project-form";

export const metadata = { title: "Projects · Goldset" };

export default async function ProjectsPage() {
  const user = await pageUser();
  const db = await getDb();
  const projects = await listProjectsForUser({ db, userId: user.id, isAdmin: user.isAdmin });
  const mayCreate = await userMayCreateProjects({ db, user });
  const progress = await projectProgress({ db, projectIds: projects.map((p) => p.id) });
  // Active projects first; archived ones wait, folded, in a section of their own.
  const active = projects.filter((p) => p.archivedAt === null);
  const archived = projects.filter((p) => p.archivedAt !== null);
  return (
    <>
      <h1>Projects</h1>
      {projects.length === 0 ? (
        <p>
          {mayCreate ? "You are not in any project yet. Start one below, or ask a lead to add you." : "You are not in any project yet. Ask a lead to add you."}
        </p>
      ) : (
        <ProjectTable caption="Your projects" testId="project-list" projects={active} progress={progress} isAdmin={user.isAdmin} />
      )}
      {archived.length > 0 && (
        <details className="card" data-testid="archived-projects">
          <summary>Archived ({archived.length})</summary>
          <p className="muted">Read-only: they can be opened, browsed and exported; a lead can unarchive one from its settings.</p>
          <ProjectTable caption="Archived projects" testId="archived-project-list" projects={archived} progress={progress} isAdmin={user.isAdmin} />
        </details>
      )}
      {mayCreate && (
        <details className="card" open={projects.length === 0} data-testid="new-project">
          <summary>New project</summary>
          <NewProjectForm />
        </details>
      )}
    </>
  );
}

function ProjectTable({
  caption,
  testId,
  projects,
  progress,
  isAdmin,
}: {
  caption: string;
  testId: string;
  projects: ProjectSummary[];
  progress: Map<string, ProjectProgress>;
  isAdmin: boolean;
}) {
  if (projects.length === 0) return <p className="muted">No active projects: the archived ones are below.</p>;
  return (
    <div className="table-scroll">
      <table className="data-table" data-testid={testId}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Project</th>
            <th scope="col">Progress</th>
            <th scope="col">Task</th>
            <th scope="col">Your role</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id} data-testid={`project-${p.slug}`}>
              <th scope="row">
                <Link href={`/projects/${p.slug}/${homeSection({ isAdmin, role: p.role })}`}>{p.name}</Link>
              </th>
              <td data-testid="project-progress">{progressText(progress.get(p.id))}</td>
              <td>{p.taskType === "multi_label" ? "multi-label" : "single-label"}</td>
              <td>{p.role ?? "site admin"}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** "12 of 40 items labelled (30%)": items holding all the labels the overlap asks for. */
function progressText(progress: ProjectProgress | undefined): string {
  if (!progress || progress.items === 0) return "no items yet";
  return `${progress.labelled} of ${progress.items} items labelled (${Math.round((progress.labelled / progress.items) * 100)}%)`;
}
