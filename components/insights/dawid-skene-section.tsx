// The project's Dawid–Skene model on the insights page: each annotator's estimated accuracy as
// bars (who needs feedback), when it was fitted, and how the project's items are resolved.
import type { DawidSkeneOverview } from "@/lib/aggregate/server/dawid-skene-overview";
import { BarChart } from "./bar-chart";
import { RefitDawidSkeneButton } from "./refit-dawid-skene-button";

const METHOD_ORDER = ["adjudicated", "unanimous", "single", "majority", "dawid-skene", "unresolved"] as const;

export function DawidSkeneSection({ slug, overview }: { slug: string; overview: DawidSkeneOverview }) {
  const { fit, resolutions } = overview;
  const total = METHOD_ORDER.reduce((sum, method) => sum + (resolutions.methods[method] ?? 0), 0);
  return (
    <section className="card" data-testid="dawid-skene-section">
      <h2>Annotator reliability (Dawid–Skene)</h2>
      <p className="muted">
        {fit
          ? `Fitted ${fit.at} (${fit.trigger}) on ${fit.items} items and ${fit.annotations} ratings: ${fit.iterations} iterations, ${fit.converged ? "converged" : "not converged"}, log-likelihood ${fit.logLikelihood.toFixed(1)}.`
          : "Not fitted yet."}{" "}
        <span data-testid="refit-rule">
          Refitted after imports, every {overview.refitEvery} labels and when you press Refit now; a fit needs at least {overview.minOverlappingItems} items
          labelled by two or more annotators (a bare &ldquo;not sure&rdquo; is no label), and until then the previous fit, if any, stays.
        </span>{" "}
        Contested items are resolved by{" "}
        {overview.aggregation === "dawid-skene" ? `Dawid–Skene when its posterior reaches ${overview.posteriorThreshold}` : "majority vote"}; below a
        posterior of {overview.posteriorThreshold} an item goes to review. {overview.fitting ? "Fitting now… " : ""}
        <RefitDawidSkeneButton slug={slug} />
      </p>
      <div className="insights-grid">
        {overview.annotators.length > 0 && (
          <div>
            <h3>Estimated accuracy per annotator</h3>
            <BarChart testId="annotator-accuracy" format={(v) => `${Math.round(v * 100)}%`} bars={overview.annotators.map((a) => ({ label: a.name, value: a.accuracy }))} />
          </div>
        )}
        <div>
          <h3>How items are resolved</h3>
          <BarChart
            testId="resolution-methods"
            format={(v) => `${Math.round(v * total)}`}
            tickFormat={(v) => `${Math.round(v * 100)}%`}
            bars={METHOD_ORDER.map((method) => ({ label: method, value: total === 0 ? 0 : (resolutions.methods[method] ?? 0) / total }))}
          />
          <p className="muted" data-testid="posterior-doubted">
            {resolutions.scored} items carry a posterior; {resolutions.doubted} fall below {overview.posteriorThreshold}.
          </p>
        </div>
      </div>
    </section>
  );
}
