// A spans project's agreement on the insights page: entity F1 (exact and partial boundaries) and
// Krippendorff's αu pooled over every pair of annotators on the items they share, with 95%
// bootstrap intervals, then per entity type and per pair (lib/agreement/spans/span-agreement.ts).
import type { ReactNode } from "react";
import type { Metric } from "@/lib/agreement/types";
import type { SpanAgreementSummary } from "@/lib/agreement/spans/span-agreement";
import { MetricCard } from "./metric-card";

const figure = (metric: Metric) => (metric.value === null ? "—" : metric.value.toFixed(3));
const why = (metric: Metric) => (metric.value === null ? metric.reason : undefined);

type SpanMetrics = { exactF1: Metric; partialF1: Metric; alphaU: Metric };

/** The three figures of an entity type or a pair, each with its reason for being undefined on hover. */
function MetricCells({ metrics }: { metrics: SpanMetrics }) {
  return (
    <>
      {[metrics.exactF1, metrics.partialF1, metrics.alphaU].map((metric, i) => (
        <td key={i} title={why(metric)}>
          {figure(metric)}
        </td>
      ))}
    </>
  );
}

export function SpanAgreementSection({ summary, backlog }: { summary: SpanAgreementSummary; backlog: ReactNode }) {
  const entityTypes = Object.entries(summary.perLabel);
  return (
    <section className="card" data-testid="span-agreement">
      <h2>Span agreement</h2>
      <p className="muted">
        Over {summary.items} item(s) and {summary.annotators} annotator(s): {summary.pairableItems} item(s) were marked by two or more, giving{" "}
        {summary.comparisons} pairwise comparison(s). Exact F1 counts a span as matched only with the same type and boundaries; partial F1 with the same
        type and any overlap; αu compares the marked stretches character by character.
      </p>
      <div className="metrics">
        <MetricCard title="Entity F1, exact" metric={summary.exactF1} testId="span-exact-f1" />
        <MetricCard title="Entity F1, partial" metric={summary.partialF1} testId="span-partial-f1" />
        <MetricCard title="Krippendorff's αu" metric={summary.alphaU} testId="span-alpha-u" />
        {backlog}
      </div>
      {entityTypes.length > 0 && (
        <>
          <h3>Per entity type</h3>
          <table className="compact" data-testid="span-agreement-per-type">
            <thead>
              <tr>
                <th scope="col">Entity type</th>
                <th scope="col">Exact F1</th>
                <th scope="col">Partial F1</th>
                <th scope="col">αu</th>
              </tr>
            </thead>
            <tbody>
              {entityTypes.map(([type, metrics]) => (
                <tr key={type} data-entity-type={type}>
                  <th scope="row">{type}</th>
                  <MetricCells metrics={metrics} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      {summary.pairwise.length > 0 && (
        <>
          <h3>Per pair of annotators</h3>
          <table className="compact" data-testid="span-agreement-pairs">
            <thead>
              <tr>
                <th scope="col">Annotators</th>
                <th scope="col">Shared items</th>
                <th scope="col">Exact F1</th>
                <th scope="col">Partial F1</th>
                <th scope="col">αu</th>
              </tr>
            </thead>
            <tbody>
              {summary.pairwise.map((pair) => (
                <tr key={pair.annotators.join("\u0000")}>
                  <th scope="row">
                    {pair.annotators[0]} · {pair.annotators[1]}
                  </th>
                  <td>{pair.sharedItems}</td>
                  <MetricCells metrics={pair} />
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
