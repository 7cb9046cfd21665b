import { getDb } from "@/db";
import { teamFigures } from "@/db/queries/team";
import { pageAccess } from "@/lib/auth/page-guard";
import { AccessDenied } from "@/components/ui/access-denied";
import { TeamTable } from "@/components/team/team-table";
import { PairAgreementMatrix } from "@/components/team/pair-agreement-matrix";
import { TeamTrendsTable } from "@/components/team/team-trends-table";
import { teamTrends } from "@/db/queries/team-trends";

export const metadata = { title: "Team · Goldset" };

export default async function TeamPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  // The same rule as GET /api/projects/[slug]/team: leads and site admins.
  const access = await pageAccess(slug, "manageMembers");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const db = await getDb();
  const team = await teamFigures({ db, projectId: access.project.id });
  const trends = await teamTrends({ db, projectId: access.project.id });
  return (
    <div className="team">
      <section className="card">
        <h2>Annotators</h2>
        <p className="muted">
          Counted on current labels (a correction replaces the label it corrects). Shares show a 95% Wilson interval and the counts behind them. Accuracy on gold items is flagged below the threshold set in Settings → Gold checks.
        </p>
        {team.annotators.length === 0 ? <p>No annotators yet: add members with the annotator role in Settings.</p> : <TeamTable slug={slug} annotators={team.annotators} />}
      </section>
      {trends.starts.length > 0 && (
        <section className="card">
          <h2>Trends</h2>
          <TeamTrendsTable trends={trends} annotators={team.annotators} />
        </section>
      )}
      {team.annotators.length > 1 && (
        <section className="card">
          <h2>Agreement between annotators</h2>
          <p className="muted">Share of the items both labelled where they gave the same labels.</p>
          <PairAgreementMatrix annotators={team.annotators} pairs={team.pairs} />
        </section>
      )}
    </div>
  );
}
