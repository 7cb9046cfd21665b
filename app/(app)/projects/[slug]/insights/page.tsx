import { getDb } from "@/db";
import { agreementSnapshotsTakingFirst, notSureRates } from "@/db/queries/agreement";
import { withSummarizerOnThread } from "@/lib/agreement/server/agreement-thread";
import { reviewBacklog } from "@/db/queries/review";
import { pageAccess } from "@/lib/auth/page-guard";
import type { Metric } from "@/lib/agreement/types";
import { AccessDenied } from "@/components/ui/access-denied";
import { ModelSection } from "@/components/active-learning/model-section";
import { MetricCard } from "@/components/insights/metric-card";
import { TrendChart } from "@/components/insights/trend-chart";
import { BarChart } from "@/components/insights/bar-chart";
import { HeatMap } from "@/components/insights/heat-map";
import { ComputeSnapshotButton } from "@/components/insights/compute-snapshot-button";
import { llmInsights } from "@/db/queries/llm-insights";
import { LlmInsightsSection } from "@/components/insights/llm-insights-section";
import { DawidSkeneSection } from "@/components/insights/dawid-skene-section";
import { DriftSection } from "@/components/insights/drift-section";
import { dawidSkeneOverview } from "@/lib/aggregate/server/dawid-skene-overview";
import { formatDateTime } from "@/lib/format-date";
import { listLabels } from "@/db/queries/projects";
import { spanAgreementReport } from "@/db/queries/span-agreement";
import { summarizeSpanAgreementOnThread } from "@/lib/agreement/server/agreement-thread";
import { SpanAgreementSection } from "@/components/insights/span-agreement-section";

export const metadata = { title: "Insights · Goldset" };

const valueOf = (m: Metric) => m.value;
const noteOf = (m: Metric) => (m.value === null ? m.reason : undefined);

export default async function InsightsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const access = await pageAccess(slug, "viewInsights");
  if (!access.allowed) return <AccessDenied reason={access.reason} />;
  const db = await getDb();
  const projectId = access.project.id;
  // The first snapshot is computed while this page waits (its headline shows on the first visit),
  // on a worker thread so that no other request waits with it.
  const snapshots = await agreementSnapshotsTakingFirst({ db, projectId, createdBy: access.user.id, withSummarizer: withSummarizerOnThread });
  const latest = snapshots.at(-1);
  const summary = latest?.summary;
  const notSure = await notSureRates({ db, projectId });
  const backlog = await reviewBacklog({ db, projectId });
  const annotators = summary ? Object.keys(summary.perAnnotator).sort() : [];
  const spans = access.project.taskType === "spans";
  // A spans project's agreement is over its spans (computed on a worker thread, like the
  // snapshot's bootstrap); the item-label figures show only when it also has item labels.
  const spanAgreement = spans ? await spanAgreementReport({ db, projectId, summarize: summarizeSpanAgreementOnThread }) : null;
  const labelAgreement = !spans || (await listLabels({ db, projectId })).some((label) => label.kind === "item");

  const backlogCard = (
    <div className="card metric" data-testid="review-backlog-metric">
      <div className="muted">Review backlog</div>
      <div className="value">{backlog}</div>
      <div className="muted">items need a reviewer</div>
    </div>
  );

  return (
    <div className="insights">
      {spanAgreement && <SpanAgreementSection summary={spanAgreement} backlog={backlogCard} />}
      {labelAgreement && (
        <section className="card">
          <h2>{spans ? "Item label agreement" : "Agreement"}</h2>
          <p className="muted">
            {latest
              ? `Latest snapshot ${formatDateTime(latest.createdAt)} (${latest.trigger}), over ${summary?.items ?? 0} items and ${summary?.annotators ?? 0} annotators.`
              : "No labels yet: agreement is computed once annotators have labelled items, then every 50 annotations, or now:"}{" "}
            <ComputeSnapshotButton slug={slug} />
          </p>
          {summary && (
            <div className="metrics">
              <MetricCard title="Krippendorff's α" metric={summary.krippendorff} testId="metric-krippendorff" />
              <MetricCard title="Fleiss' κ" metric={summary.fleiss} testId="metric-fleiss" />
              <MetricCard title="Mean pairwise Cohen's κ" metric={summary.cohen} testId="metric-cohen" />
              <MetricCard title="Percent agreement" metric={summary.percent} testId="metric-percent" />
              {!spans && backlogCard}
            </div>
          )}
        </section>
      )}
      <div className="insights-grid">
        {labelAgreement && (
          <section className="card">
            <h3>Krippendorff&apos;s α over time</h3>
            <TrendChart points={snapshots.map((s) => ({ at: s.createdAt.toISOString(), value: valueOf(s.summary.krippendorff) }))} />
          </section>
        )}
        {summary && labelAgreement && (
          <section className="card">
            <h3>Agreement per label (α, one label against the rest)</h3>
            <BarChart
              testId="per-label-agreement"
              floor={-0.2}
              bars={Object.entries(summary.perLabel).map(([label, a]) => ({ label, value: valueOf(a.krippendorff), note: noteOf(a.krippendorff) }))}
            />
          </section>
        )}
        <section className="card">
          <h3>&ldquo;Not sure&rdquo; rate per label</h3>
          <BarChart
            testId="not-sure-rates"
            format={(v) => `${Math.round(v * 100)}%`}
            bars={notSure.map((n) => ({ label: `${n.label} (${n.total})`, value: n.rate }))}
          />
        </section>
        {summary && labelAgreement && annotators.length > 1 && (
          <section className="card">
            <h3>Pairwise Cohen&apos;s κ</h3>
            <HeatMap
              annotators={annotators}
              cells={summary.pairwise.map((p) => ({ a: p.annotators[0], b: p.annotators[1], value: valueOf(p.kappa), shared: p.sharedItems }))}
            />
          </section>
        )}
      </div>
      {spans ? (
        <section className="card" data-testid="dawid-skene-section">
          <h2>Annotator reliability (Dawid–Skene)</h2>
          <p className="muted">
            Dawid–Skene models one label per item, so it does not apply to spans. An item&apos;s spans resolve when every span anyone marked was marked,
            with the same type and boundaries, by a majority of the item&apos;s annotators; otherwise the item goes to review.
          </p>
        </section>
      ) : (
        <DawidSkeneSection slug={slug} overview={await dawidSkeneOverview({ db, projectId })} />
      )}
      <DriftSection slug={slug} />
      <ModelSection slug={slug} />
      <LlmInsightsSection insights={await llmInsights({ db, projectId, taskType: access.project.taskType })} />
    </div>
  );
}
