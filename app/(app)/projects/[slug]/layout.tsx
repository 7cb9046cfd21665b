import Link from "next/link";
import type { ReactNode } from "react";
import { pageAccess } from "@/lib/auth/page-guard";
import { can, type ProjectAction } from "@/lib/auth/permissions";

const SECTIONS: { href: string; title: string; action: ProjectAction }[] = [
  { href: "annotate", title: "Annotate", action: "annotate" },
  { href: "review", title: "Review", action: "review" },
  { href: "items", title: "Data", action: "viewAllAnnotations" },
  { href: "insights", title: "Insights", action: "viewInsights" },
  { href: "team", title: "Team", action: "manageMembers" },
  { href: "jobs", title: "Jobs", action: "viewInsights" },
  { href: "llm", title: "LLM", action: "runPrelabel" },
  { href: "import", title: "Import", action: "importData" },
  { href: "export", title: "Export", action: "exportData" },
  { href: "settings", title: "Settings", action: "manageSettings" },
];

export default async function ProjectLayout({ children, params }: { children: ReactNode; params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "view");
  if (!access.allowed) return children;
  const actor = { isAdmin: access.user.isAdmin, role: access.role };
  return (
    <>
      <nav className="tabs" aria-label="Project sections">
        <strong>
          {access.project.name}
          {access.project.archivedAt && (
            <>
              {" "}
              <span className="badge archived" data-testid="archived-badge">
                Archived
              </span>
            </>
          )}
        </strong>
        {SECTIONS.filter((s) => can(actor, s.action)).map((s) => (
          <Link key={s.href} href={`/projects/${slug}/${s.href}`}>
            {s.title}
          </Link>
        ))}
      </nav>
      {children}
    </>
  );
}
