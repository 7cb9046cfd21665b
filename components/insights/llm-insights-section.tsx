import type { LlmInsights, Proportion } from "@/lib/llm/suggestion-insights";
import { BarChart } from "./bar-chart";
import { LlmConfusionMatrix } from "./llm-confusion-matrix";

const percent = (value: number) => `${Math.round(value * 1000) / 10}%`;

function rateText(p: Proportion): string {
  if (p.rate === null || p.ci95 === null) return "no data yet";
  return `${percent(p.rate)} (${p.successes}/${p.n}; 95% CI ${percent(p.ci95.low)}–${percent(p.ci95.high)})`;
}

/** "2 “not sure” answers left out": such rows neither take nor refuse a suggestion. */
function notSureLeftOut(count: number, noun: "answer" | "item"): string {
  const what = noun === "answer" ? `“not sure” ${count === 1 ? "answer" : "answers"}` : `${count === 1 ? "item" : "items"} everyone was not sure about`;
  return `${count} ${what} left out`;
}

const SOURCE_TITLES = { llm: "LLM", import: "Imported", model: "Classifier" } as const;

/** The insights page's LLM section: acceptance, accuracy against settled labels, anchoring, usage. */
export function LlmInsightsSection({ insights }: { insights: LlmInsights }) {
  const { acceptance, accuracy, anchoring, runs } = insights;
  return (
    <section className="card" data-testid="llm-insights">
      <h2>LLM suggestions</h2>
      {insights.llmSuggestions === 0 && acceptance.overall.n === 0 ? (
        <p className="muted">No LLM suggestions yet: connect a model and run pre-labelling on the LLM page.</p>
      ) : (
        <>
          <div className="metrics">
            <div className="card metric" data-testid="llm-acceptance">
              <div className="muted">Accepted when shown</div>
              <div className="value">{acceptance.overall.rate === null ? "—" : percent(acceptance.overall.rate)}</div>
              <div className="muted">
                of {acceptance.overall.n} · {acceptance.counts.changed} changed · {acceptance.counts.rejected} rejected
              </div>
              <div className="muted" data-testid="llm-acceptance-not-sure">
                {notSureLeftOut(acceptance.notSureExcluded, "answer")}
              </div>
            </div>
            <div className="card metric" data-testid="llm-accuracy">
              <div className="muted">LLM matches the settled label</div>
              <div className="value">{accuracy.overall.rate === null ? "—" : percent(accuracy.overall.rate)}</div>
              <div className="muted">over {accuracy.overall.n} settled items</div>
              <div className="muted" data-testid="llm-accuracy-not-sure">
                {notSureLeftOut(accuracy.notSureExcluded, "item")}
              </div>
            </div>
            <div className="card metric" data-testid="llm-anchoring">
              <div className="muted">Anchoring: agreement shown − withheld</div>
              <div className="value">{anchoring.sway === null ? "—" : `${anchoring.sway.difference >= 0 ? "+" : ""}${percent(anchoring.sway.difference)}`}</div>
              <div className="muted">
                {anchoring.sway === null
                  ? "needs annotations with the suggestion shown and withheld"
                  : `95% CI ${percent(anchoring.sway.ci95.low)} to ${percent(anchoring.sway.ci95.high)}`}
              </div>
              <div className="muted" data-testid="llm-anchoring-not-sure">
                {notSureLeftOut(anchoring.notSureExcluded, "answer")}
              </div>
            </div>
          </div>

          <div className="insights-grid">
            <div>
              <h3>Anchoring control</h3>
              <table data-testid="llm-anchoring-table">
                <thead>
                  <tr>
                    <th>Suggestion</th>
                    <th>People agreeing with the LLM</th>
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    <td>shown</td>
                    <td>{rateText(anchoring.shown)}</td>
                  </tr>
                  <tr>
                    <td>withheld</td>
                    <td>{rateText(anchoring.withheld)}</td>
                  </tr>
                </tbody>
              </table>
              <p className="muted">
                Items are withheld at random (the share is set on the LLM page). Clearly more agreement when shown than when withheld means the
                suggestions sway people toward the machine&apos;s answer.
              </p>
              <h3>Acceptance by source</h3>
              <ul>
                {insights.acceptanceBySource.map(({ sourceKind, summary }) => (
                  <li key={sourceKind}>
                    {SOURCE_TITLES[sourceKind]}: {rateText(summary.overall)}
                  </li>
                ))}
              </ul>
              <h3>Acceptance per suggested label</h3>
              <BarChart
                testId="llm-acceptance-per-label"
                format={percent}
                bars={acceptance.perLabel.map((row) => ({ label: `${row.label} (${row.acceptance.n})`, value: row.acceptance.rate, note: "not shown to anyone yet" }))}
              />
            </div>
            <div>
              <h3>Accuracy against adjudicated and consensus labels</h3>
              <p className="muted">
                Where annotators saw the suggestion, the settled label may lean toward it. On items nobody saw it for, the LLM matched:{" "}
                {rateText(accuracy.unseen)}.
              </p>
              <table data-testid="llm-accuracy-per-label">
                <thead>
                  <tr>
                    <th>Label</th>
                    <th>Items</th>
                    <th>Precision</th>
                    <th>Recall</th>
                  </tr>
                </thead>
                <tbody>
                  {accuracy.perLabel.map((row) => (
                    <tr key={row.label}>
                      <td>{row.label}</td>
                      <td>{row.support}</td>
                      <td>{row.precision.rate === null ? "—" : percent(row.precision.rate)}</td>
                      <td>{row.recall.rate === null ? "—" : percent(row.recall.rate)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {accuracy.confusion && accuracy.overall.n > 0 && (
                <>
                  <h3>Confusion matrix</h3>
                  <LlmConfusionMatrix labels={accuracy.confusion.labels} counts={accuracy.confusion.counts} />
                </>
              )}
            </div>
          </div>
        </>
      )}
      {runs.length > 0 && (
        <>
          <h3>Tokens and latency per run</h3>
          <table data-testid="llm-run-usage">
            <thead>
              <tr>
                <th>Run</th>
                <th>Prompt</th>
                <th>Status</th>
                <th>Answered</th>
                <th>Failed</th>
                <th>Prompt tokens</th>
                <th>Completion tokens</th>
                <th>Latency mean / p50 / p95 (ms)</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.runId}>
                  <td>#{run.runId}</td>
                  <td>v{run.promptVersion}</td>
                  <td>{run.status.replace("_", " ")}</td>
                  <td>{run.answered}</td>
                  <td>{run.failed}</td>
                  <td>{run.promptTokens.toLocaleString("en")}</td>
                  <td>{run.completionTokens.toLocaleString("en")}</td>
                  <td>
                    {run.latencyMs.mean ?? "—"} / {run.latencyMs.p50 ?? "—"} / {run.latencyMs.p95 ?? "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
