import type { Metric } from "@/lib/agreement/types";
import type { ConfidenceInterval } from "@/lib/agreement/bootstrap";

/** A figure's reason for being undefined, as the sentence it is on the page. */
const sentence = (reason: string) => `${reason.charAt(0).toUpperCase()}${reason.slice(1)}.`;

export function MetricCard({ title, metric, testId }: { title: string; metric: Metric & { ci95?: ConfidenceInterval }; testId?: string }) {
  return (
    <div className="card metric" data-testid={testId}>
      <div className="muted">{title}</div>
      {metric.value === null ? (
        <>
          <div className="value">—</div>
          <div className="muted">{sentence(metric.reason)}</div>
        </>
      ) : (
        <>
          <div className="value">{metric.value.toFixed(3)}</div>
          {metric.ci95 && metric.ci95.low !== null && (
            <div className="muted">
              95% CI {metric.ci95.low.toFixed(3)} – {metric.ci95.high.toFixed(3)}
            </div>
          )}
        </>
      )}
    </div>
  );
}
