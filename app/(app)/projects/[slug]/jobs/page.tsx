import { getDb } from "@/db";
import { listProjectJobs } from "@/db/queries/jobs";
import { pageAccess } from "@/lib/auth/page-guard";
import { can } from "@/lib/auth/permissions";
import { jobView } from "@/lib/jobs/job-view";
import { AccessDenied } from "@/components/ui/access-denied";
import { JobsTable } from "@/components/jobs/jobs-table";

export const metadata = { title: "Jobs · Goldset" };

export default async function JobsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // The same rule as GET /api/projects/[slug]/jobs; cancelling is the lead's (manageSettings).
  const access = await pageAccess(slug, "viewInsights");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const jobs = (await listProjectJobs({ db: await getDb(), projectId: access.project.id })).map(jobView);
  return (
    <section className="card">
      <h2>Background jobs</h2>
      <p className="muted">
        The latest 50. Each runs on whichever app instance claims it; a job whose instance stops is taken over by another. A queued job can be cancelled before it
        starts; an LLM run is stopped from the LLM page.
      </p>
      <JobsTable slug={slug} initialJobs={jobs} canCancel={can({ isAdmin: access.user.isAdmin, role: access.role }, "manageSettings")} />
    </section>
  );
}
