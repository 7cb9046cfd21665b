import type { AnnotatorFigures } from "@/db/queries/team";
import { duration, shareWithInterval } from "./team-figures-format";

/** One row per annotator; shares carry their 95% interval and the counts behind them. */
export function TeamTable({ annotators }: { annotators: AnnotatorFigures[] }) {
  return (
    <table className="compact team-table" data-testid="team-table">
      <thead>
        <tr>
          <th scope="col">Annotator</th>
          <th scope="col">Items done</th>
          <th scope="col" title="Labels with a recorded time, per hour of that time (time between items not counted)">
            Labels per labelling hour
          </th>
          <th scope="col">Median time per item</th>
          <th scope="col" title="Share of labels equal to the final label, on items resolved by more than one vote">
            Agreement with final labels
          </th>
          <th scope="col">Not sure</th>
          <th scope="col" title="Suggestions taken unchanged, among labels where one was shown">
            Suggestions accepted
          </th>
          <th scope="col">Suggestions withheld</th>
        </tr>
      </thead>
      <tbody>
        {annotators.map((a) => (
          <tr key={a.annotatorId} data-testid={`team-row-${a.name}`}>
            <th scope="row">
              {a.name}
              {!a.member && <span className="muted"> (not a member)</span>}
            </th>
            <td data-testid="items-done">{a.itemsDone}</td>
            <td>{a.labelsPerLabellingHour === null ? "–" : `${a.labelsPerLabellingHour.toFixed(1)} (${a.timedItems} timed)`}</td>
            <td>{duration(a.medianTimeMs)}</td>
            <td data-testid="agreement-with-final">{shareWithInterval(a.agreementWithFinal)}</td>
            <td>{shareWithInterval(a.notSure)}</td>
            <td>{shareWithInterval(a.suggestionAcceptance)}</td>
            <td>{a.suggestionsWithheld}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
