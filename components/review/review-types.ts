export type ReviewListItem = {
  itemId: number;
  externalId: string;
  text: string;
  method: string;
  labels: string[];
  agreement: number | null;
  annotators: number;
  notSure: number;
  posterior: number | null;
  need: number;
  reasons: string[];
};

export type ReviewDetail = {
  item: { id: number; externalId: string; text: string; metadata: Record<string, unknown> };
  annotations: {
    id: string;
    annotatorId: string;
    annotator: string;
    annotatorEmail: string;
    kind: string;
    labels: string[];
    notSure: boolean;
    notSureReason: string | null;
    note: string | null;
    suggestionAction: string;
    superseded: boolean;
    createdAt: string;
    /** Spans projects: the entities this annotation marked (code points). */
    spans?: { start: number; end: number; label: string }[] | null;
  }[];
  suggestions: {
    id: number;
    sourceKind: string;
    modelName: string;
    modelVersion: string | null;
    promptVersion: number | null;
    labels: string[];
    confidence: number | null;
    rationale: string | null;
    status: string;
  }[];
  adjudications: {
    action: string;
    labels: string[];
    /** Spans projects: the decided spans, each with the ids of the annotators it was taken from. */
    spans?: { start: number; end: number; label: string; from?: string[] }[] | null;
    rationale: string;
    extraAnnotations: number;
    reviewer: string;
    createdAt: string;
  }[];
  resolution: { method: string; labels: string[]; agreement: number | null; posterior: number | null } | null;
};

export const REASON_TITLES: Record<string, string> = {
  disagreement: "annotators disagree",
  not_sure: "marked not sure",
  llm_disagrees: "humans and LLM disagree",
  low_posterior: "low Dawid–Skene posterior",
  requested: "a lead asked for a review",
};

const METHOD_TITLES: Record<string, string> = {
  adjudicated: "adjudicated",
  unanimous: "unanimous",
  single: "single annotation",
  majority: "majority vote",
  "dawid-skene": "Dawid–Skene",
  unresolved: "unresolved",
};

/** "majority vote: spam · 67% agree · Dawid–Skene 0.42" */
export function describeResolution(resolution: NonNullable<ReviewDetail["resolution"]>): string {
  const parts = [`${METHOD_TITLES[resolution.method] ?? resolution.method}${resolution.labels.length ? `: ${resolution.labels.join(", ")}` : ""}`];
  if (resolution.agreement !== null) parts.push(`${Math.round(resolution.agreement * 100)}% agree`);
  if (resolution.posterior !== null) parts.push(`Dawid–Skene posterior ${resolution.posterior.toFixed(2)}`);
  return parts.join(" · ");
}

export type SendBackOutcome = { status: "requested" | "awaiting_overlap" | "unchanged"; added: number; waitingFor: number };

function annotationsCount(n: number): string {
  return `${n === 1 ? "one" : n} more annotation${n === 1 ? "" : "s"}`;
}

/** What a send-back did, in the reviewer's words: "#item-7: one more annotation requested; …" */
export function describeSendBack(externalId: string, outcome: SendBackOutcome): string {
  const until = `It leaves the review queue until ${outcome.waitingFor === 1 ? "it arrives" : "they arrive"}.`;
  if (outcome.status === "unchanged") return `#${externalId} is already waiting for ${annotationsCount(outcome.waitingFor)}: nothing changed.`;
  if (outcome.status === "awaiting_overlap") {
    return `#${externalId} is already waiting for ${annotationsCount(outcome.waitingFor)} (its overlap), so nothing more was requested. ${until}`;
  }
  const inAll = outcome.waitingFor > outcome.added ? `, ${outcome.waitingFor} awaited in all` : "";
  return `#${externalId}: ${annotationsCount(outcome.added)} requested${inAll}. ${until}`;
}
