import type { AnnotatorFigures, PairAgreement } from "@/db/queries/team";
import { shareWithInterval } from "./team-figures-format";

/** Each pair's agreement on the items both labelled, in a symmetric matrix; the diagonal is empty. */
export function PairAgreementMatrix({ annotators, pairs }: { annotators: AnnotatorFigures[]; pairs: PairAgreement[] }) {
  const key = (x: string, y: string) => (x < y ? `${x} ${y}` : `${y} ${x}`);
  const byPair = new Map(pairs.map((p) => [key(p.a, p.b), p]));
  return (
    <table className="compact pair-matrix" data-testid="pair-matrix">
      <thead>
        <tr>
          <td />
          {annotators.map((a) => (
            <th key={a.annotatorId} scope="col">
              {a.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {annotators.map((row) => (
          <tr key={row.annotatorId}>
            <th scope="row">{row.name}</th>
            {annotators.map((col) => {
              const pair = row.annotatorId === col.annotatorId ? undefined : byPair.get(key(row.annotatorId, col.annotatorId));
              return <td key={col.annotatorId}>{pair ? shareWithInterval(pair.agreement) : row.annotatorId === col.annotatorId ? "" : "no items in common"}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
