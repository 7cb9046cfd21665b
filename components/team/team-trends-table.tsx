// Per annotator, their labels done, agreement with the final labels and "not sure" rate per period
// as sparklines; each chart carries its values in words.
import type { AnnotatorFigures } from "@/db/queries/team";
import type { TeamTrends, TrendPoint } from "@/db/queries/team-trends";
import { Sparkline } from "./sparkline";

const share = (part: number, whole: number) => (whole === 0 ? null : part / whole);
const percent = (v: number | null) => (v === null ? "none" : `${Math.round(v * 100)}%`);

export function TeamTrendsTable({ trends, annotators }: { trends: TeamTrends; annotators: AnnotatorFigures[] }) {
  const nameOf = new Map(annotators.map((a) => [a.annotatorId, a.name]));
  const day = (d: Date) => d.toISOString().slice(0, 10);
  const periodName = trends.period === "week" ? "week of " : "";
  const describe = (title: string, points: TrendPoint[], value: (p: TrendPoint) => string) =>
    `${title} per ${trends.period}: ${points.map((p) => `${value(p)} (${periodName}${day(p.start)})`).join(", ")}`;
  const maxLabels = Math.max(1, ...trends.annotators.flatMap((a) => a.points.map((p) => p.labels)));
  const rows = trends.annotators
    .map((a) => ({ ...a, name: nameOf.get(a.annotatorId) ?? a.annotatorId }))
    .sort((x, y) => x.name.localeCompare(y.name));
  return (
    <table className="compact team-trends" data-testid="team-trends">
      <caption className="muted">
        Per {trends.period}, {day(trends.starts[0]!)} to {day(trends.starts.at(-1)!)} (UTC{trends.period === "week" ? ", weeks from Monday" : ""})
      </caption>
      <thead>
        <tr>
          <th scope="col">Annotator</th>
          <th scope="col">Labels done</th>
          <th scope="col" title="Labels equal to the final label, on items resolved by more than one vote">
            Agreement with final labels
          </th>
          <th scope="col">Not sure</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((a) => (
          <tr key={a.annotatorId} data-testid={`trend-row-${a.name}`}>
            <th scope="row">{a.name}</th>
            <td>
              <Sparkline values={a.points.map((p) => p.labels)} max={maxLabels} description={describe("Labels done", a.points, (p) => String(p.labels))} testId="trend-labels" />
            </td>
            <td>
              <Sparkline
                values={a.points.map((p) => share(p.sameAsFinal, p.comparedWithFinal))}
                max={1}
                description={describe("Agreement with final labels", a.points, (p) => `${percent(share(p.sameAsFinal, p.comparedWithFinal))} of ${p.comparedWithFinal}`)}
                testId="trend-agreement"
              />
            </td>
            <td>
              <Sparkline
                values={a.points.map((p) => share(p.notSure, p.labels))}
                max={1}
                description={describe("Not sure", a.points, (p) => `${percent(share(p.notSure, p.labels))} of ${p.labels}`)}
                testId="trend-not-sure"
              />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
