import Link from "next/link";
import { getDb } from "@/db";
import { listProjectsForUser } from "@/db/queries/projects";
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
  return (
    <>
      <h1>Projects</h1>
      {projects.length === 0 ? (
        <p>
          {mayCreate ? "You are not in any project yet. Start one below, or ask a lead to add you." : "You are not in any project yet. Ask a lead to add you."}
        </p>
      ) : (
        <ul className="project-list" data-testid="project-list">
          {projects.map((p) => (
            <li key={p.id} className="card" data-testid={`project-${p.slug}`}>
              <Link href={`/projects/${p.slug}/${homeSection({ isAdmin: user.isAdmin, role: p.role })}`}>{p.name}</Link>
              <span className="muted">
                {" "}
                · <span data-testid="project-progress">{progressText(progress.get(p.id))}</span> · {p.taskType === "multi_label" ? "multi-label" : "single-label"} · your role: {p.role ?? "site admin"}
              </span>
            </li>
          ))}
        </ul>
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

/** "12 of 40 items labelled (30%)": items holding all the labels the overlap asks for. */
function progressText(progress: ProjectProgress | undefined): string {
  if (!progress || progress.items === 0) return "no items yet";
  return `${progress.labelled} of ${progress.items} items labelled (${Math.round((progress.labelled / progress.items) * 100)}%)`;
}
