import type { AnnotatorFigures } from "@/db/queries/team";
import { duration, shareWithInterval } from "./team-figures-format";
import { PauseButton } from "./pause-button";
import { UnpauseButton } from "./unpause-button";

/**
 * One row per annotator; shares carry their 95% interval and the counts behind them. Gold accuracy
 * is flagged below the project's threshold; a paused member can be unpaused from here.
 */
export function TeamTable({ slug, annotators }: { slug: string; annotators: AnnotatorFigures[] }) {
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
          <th scope="col" title="Gold items answered with exactly the gold answer, among those answered (current labels)">
            Accuracy on gold items
          </th>
          <th scope="col">Status</th>
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
            <td data-testid="gold-accuracy">
              {shareWithInterval(a.gold.accuracy)}
              {a.gold.belowThreshold && (
                <strong className="flag" data-testid="gold-flag">
                  {" "}
                  below threshold
                </strong>
              )}
            </td>
            <td data-testid="member-status">
              {a.paused ? (
                <>
                  <span title={a.paused.reason ?? undefined}>Paused</span> <UnpauseButton slug={slug} userId={a.annotatorId} name={a.name} />
                </>
              ) : a.member ? (
                <>
                  Active <PauseButton slug={slug} userId={a.annotatorId} name={a.name} />
                </>
              ) : (
                "–"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
