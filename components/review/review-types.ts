export type ReviewListItem = {
  itemId: number;
  externalId: string;
  text: string;
  method: string;
  labels: string[];
  agreement: number | null;
  annotators: number;
  notSure: number;
  need: number;
  reasons: string[];
};

export type ReviewDetail = {
  item: { id: number; externalId: string; text: string; metadata: Record<string, unknown> };
  annotations: {
    id: string;
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
  adjudications: { action: string; labels: string[]; rationale: string; extraAnnotations: number; reviewer: string; createdAt: string }[];
  resolution: { method: string; labels: string[]; agreement: number | null } | null;
};

export const REASON_TITLES: Record<string, string> = {
  disagreement: "annotators disagree",
  not_sure: "marked not sure",
  llm_disagrees: "humans and LLM disagree",
  low_posterior: "low Dawid–Skene posterior",
};
