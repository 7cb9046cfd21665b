import Link from "next/link";
import { getDb } from "@/db";
import { listProjectsForUser } from "@/db/queries/projects";
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
            <li key={p.id} className="card">
              <Link href={`/projects/${p.slug}/${homeSection({ isAdmin: user.isAdmin, role: p.role })}`}>{p.name}</Link>
              <span className="muted">
                {" "}
                · {p.itemCount} items · {p.taskType === "multi_label" ? "multi-label" : "single-label"} · your role: {p.role ?? "site admin"}
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
