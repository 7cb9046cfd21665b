// One row per item import batch: how it differs from the labelled pool without it, and whether it
// crossed the drift thresholds (lib/drift/batch-drift.ts DRIFT_THRESHOLDS). File names are the
// lead's own uploads and render as text.
import type { BatchDriftRow } from "@/lib/drift/server/drift-job";
import { formatP } from "@/lib/drift/batch-drift";

const share = (v: number | null) => (v === null ? "–" : `${Math.round(v * 100)}%`);
const bits = (v: number | null) => (v === null ? "–" : v.toFixed(2));

export function DriftTable({ batches }: { batches: BatchDriftRow[] }) {
  return (
    <table className="compact drift-table" data-testid="drift-table">
      <thead>
        <tr>
          <th scope="col">Batch</th>
          <th scope="col">Imported</th>
          <th scope="col">Items</th>
          <th scope="col">Resolved</th>
          <th scope="col" title="Jensen–Shannon divergence (bits, 0 to 1) of the batch's resolved labels against the pool's, with the chi-square p-value">
            Label JS
          </th>
          <th scope="col" title="Median length in characters, batch against pool, and the two-sample Kolmogorov–Smirnov D with its p-value">
            Length (median, KS D)
          </th>
          <th scope="col" title="Share of the batch's words never seen in the pool">
            New words
          </th>
          <th scope="col" title="Jensen–Shannon divergence (bits) of the most frequent words">
            Top words JS
          </th>
          <th scope="col">Drift</th>
        </tr>
      </thead>
      <tbody>
        {batches.map((b) => (
          <tr key={b.batchId} data-testid={`drift-row-${b.batchId}`}>
            <th scope="row">
              {b.fileName} <span className="muted">#{b.batchId}</span>
            </th>
            <td>{b.importedAt.slice(0, 16).replace("T", " ")}</td>
            <td>{b.items}</td>
            <td>
              {b.resolved} ({share(b.items === 0 ? null : b.resolved / b.items)})
            </td>
            <td title={`batch ${JSON.stringify(b.labels.batch)}, pool ${JSON.stringify(b.labels.pool)}`}>
              {bits(b.labels.jsBits)}
              {b.labels.test && <span className="muted"> (p {formatP(b.labels.test.pValue)})</span>}
            </td>
            <td>
              {b.length.batchMedian ?? "–"} vs {b.length.poolMedian ?? "–"}
              {b.length.ks && (
                <span className="muted">
                  {" "}
                  (D {b.length.ks.d.toFixed(2)}, p {formatP(b.length.ks.pValue)})
                </span>
              )}
            </td>
            <td>{share(b.vocabulary.outOfVocabularyRate)}</td>
            <td>{bits(b.vocabulary.topWordsJsBits)}</td>
            <td data-testid="drift-flag">
              {b.drifted ? (
                <>
                  <strong>Drifted</strong>: {b.reasons.join("; ")}
                </>
              ) : b.poolItems === 0 ? (
                <span className="muted">no labelled pool to compare</span>
              ) : (
                "no"
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
