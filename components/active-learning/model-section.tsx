"use client";
// The insights page's model section (a spans project's shows its span tagger instead of the
// encoder and classifier, with held-out entity F1): the encoder and where browsers loaded it from (or why they
// could not), how many items are embedded, the classifier's latest versions with held-out
// accuracy and calibration, the strategy in use, a "why is this item here" lookup, and for leads
// who embedded what (with failed cross-checks and a discard button), the ranking settings and a
// retrain button.
import { ApiError } from "@/components/ui/api-client";
import type { ClassifierVersionView, ModelOverviewView } from "@/lib/active-learning/server/model-views";
import { EmbeddingAuthors } from "./embedding-authors";
import { ItemExplanationLookup } from "./item-explanation-lookup";
import { ModelSettingsForm } from "./model-settings-form";
import { RetrainButton } from "./retrain-button";
import { useModelOverview } from "./use-model-api";
import { formatDateTime } from "@/lib/format-date";

const percent = (value: number | null) => (value === null ? "–" : `${(value * 100).toFixed(1)}%`);
const fixed = (value: number | null) => (value === null ? "–" : value.toFixed(3));
const when = (iso: string) => formatDateTime(iso);

function strategyInUse(version: ClassifierVersionView): string {
  if (version.coldStart) {
    const rest = version.untrained ? "then import order (no model yet)" : `then ${version.strategy}`;
    return `cold start: ${version.diversityPicks} diversity (k-means++) picks first, ${rest}`;
  }
  return version.strategy;
}

function EncoderBlock({ overview }: { overview: ModelOverviewView }) {
  const { encoder, embeddings } = overview;
  const report = encoder.lastReport;
  return (
    <dl className="model-facts" data-testid="model-encoder">
      <dt>Encoder</dt>
      <dd>{encoder.modelId}</dd>
      <dt>In the browser</dt>
      <dd data-testid="model-encoder-report">
        {!report && "No browser has reported loading it since the server started (annotators' browsers load it on the annotate page)."}
        {report?.state === "ready" &&
          `${report.detail} · ${report.threads ?? "?"} thread(s)${report.crossOriginIsolated ? ", cross-origin isolated" : ""}${report.itemsPerSecond === null ? "" : ` · ${report.itemsPerSecond} items/s`} — ${report.reportedBy}, ${when(report.at)}`}
        {report?.state === "failed" && `Could not be loaded: ${report.detail} Hashed n-gram features are used instead. — ${report.reportedBy}, ${when(report.at)}`}
      </dd>
      <dt>Models directory</dt>
      <dd>{encoder.serverFiles.description}</dd>
      <dt>Items embedded</dt>
      <dd data-testid="model-embedded">
        {embeddings.embedded} of {embeddings.items}
        {embeddings.claimed > 0 ? ` (${embeddings.claimed} being embedded now)` : ""}
      </dd>
    </dl>
  );
}

function ClassifierBlock({ overview }: { overview: ModelOverviewView }) {
  const latest = overview.latest;
  if (!latest) {
    return (
      <p className="muted" data-testid="model-classifier">
        {overview.spans
          ? `No span model yet: the queue is in project order. The first retrain runs after ${overview.settings.retrainEvery} labels (${overview.labelsSinceRetrain} so far), or when a lead retrains now.`
          : `No classifier yet: the queue is in import order. The first retrain runs after ${overview.settings.retrainEvery} labels (${overview.labelsSinceRetrain} so far), once every item is embedded, or when a lead retrains now.`}
      </p>
    );
  }
  const heldOut = latest.heldOut;
  const spanTagger = latest.model === "span-tagger";
  return (
    <dl className="model-facts" data-testid="model-classifier">
      <dt>{spanTagger ? "Span tagger" : "Classifier"}</dt>
      <dd data-testid="model-version">
        v{latest.version}, retrained {when(latest.createdAt)} (after {latest.trigger}, {latest.seconds.toFixed(2)} s)
      </dd>
      <dt>Features</dt>
      <dd data-testid="model-features">{latest.featureDescription}</dd>
      <dt>Trained on</dt>
      <dd>
        {latest.untrained
          ? `no model: ${latest.untrained}`
          : `${latest.trainedOn} resolved items (${Object.entries(latest.labelCounts).map(([label, n]) => `${label} ${n}`).join(", ")}${spanTagger ? " entities" : ""})`}
      </dd>
      {spanTagger ? (
        <>
          <dt>Held-out entity F1</dt>
          <dd data-testid="model-entity-f1">
            {heldOut.evaluated
              ? `${fixed(heldOut.entityF1)} (exact spans and types; precision ${fixed(heldOut.entityPrecision)}, recall ${fixed(heldOut.entityRecall)}; ${heldOut.testItems} held out, ${heldOut.trainItems} trained)`
              : `not estimated: ${heldOut.reason}`}
          </dd>
        </>
      ) : (
        <>
          <dt>Held-out accuracy</dt>
          <dd data-testid="model-accuracy">{heldOut.evaluated ? `${percent(heldOut.accuracy)} (macro-F1 ${fixed(heldOut.macroF1)}; ${heldOut.testItems} held out, ${heldOut.trainItems} trained)` : `not estimated: ${heldOut.reason}`}</dd>
          <dt>Calibration (ECE)</dt>
          <dd data-testid="model-ece">{heldOut.evaluated ? fixed(heldOut.ece) : "–"}</dd>
        </>
      )}
      <dt>Strategy</dt>
      <dd data-testid="model-strategy">
        {spanTagger ? (latest.untrained ? "project order (no model yet)" : "entity-level uncertainty (the least sure entity or outside token of each item)") : strategyInUse(latest)}; exploration{" "}
        {percent(overview.settings.explorationShare)}
      </dd>
      <dt>Next retrain</dt>
      <dd>
        {overview.retraining ? "retraining now…" : `after ${Math.max(0, overview.settings.retrainEvery - overview.labelsSinceRetrain)} more label(s)`}
      </dd>
    </dl>
  );
}

function VersionHistory({ history }: { history: readonly ClassifierVersionView[] }) {
  if (history.length < 2) return null;
  return (
    <table className="compact model-history">
      <thead>
        <tr>
          <th>Version</th>
          <th>When</th>
          <th>After</th>
          <th>Features</th>
          <th>Trained on</th>
          <th>Accuracy / entity F1</th>
          <th>ECE</th>
        </tr>
      </thead>
      <tbody>
        {history.map((v) => (
          <tr key={v.version}>
            <td>v{v.version}</td>
            <td>{when(v.createdAt)}</td>
            <td>{v.trigger}</td>
            <td>{v.features}</td>
            <td>{v.trainedOn}</td>
            <td>{v.model === "span-tagger" ? `F1 ${fixed(v.heldOut.entityF1)}` : percent(v.heldOut.accuracy)}</td>
            <td>{fixed(v.heldOut.ece)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ModelSection({ slug }: { slug: string }) {
  const overview = useModelOverview(slug);
  const data = overview.data;
  return (
    <section className="card model-section" data-testid="model-section">
      <h2>Active-learning model</h2>
      {overview.error && <p className="error">{overview.error instanceof ApiError ? overview.error.message : "The model overview could not be loaded."}</p>}
      {!data && !overview.error && <p className="muted">Loading…</p>}
      {data && (
        <>
          {data.spans ? (
            <p className="muted" data-testid="model-encoder">
              A spans project ranks its queue with a token tagger trained on the settled spans: it reads the item text, not the encoder&apos;s embeddings.
            </p>
          ) : (
            <EncoderBlock overview={data} />
          )}
          {!data.spans && data.crossChecks && <EmbeddingAuthors slug={slug} modelId={data.encoder.modelId} crossChecks={data.crossChecks} />}
          <ClassifierBlock overview={data} />
          {data.canManage && <RetrainButton slug={slug} retraining={data.retraining} />}
          <VersionHistory history={data.history} />
          <ItemExplanationLookup slug={slug} />
          {data.canManage && (
            <>
              <h3>Ranking settings</h3>
              <ModelSettingsForm slug={slug} settings={data.settings} />
            </>
          )}
        </>
      )}
    </section>
  );
}
