/**
 * What the active-learning API routes answer, shared with the client components that read them.
 * Types only: no database, no Node.
 */
import "server-only";
import type { WorkflowSettings } from "@/lib/projects/workflow-settings";

export type RankingSettingsView = WorkflowSettings["ranking"] & { encoderModel: string };

/** What a browser's embedding worker last said about loading the project's encoder. */
export interface EncoderReportView {
  readonly modelId: string;
  readonly state: "ready" | "failed";
  /** Where the model loaded from ("loaded from /models/… (local)"), or why it could not load. */
  readonly detail: string;
  readonly threads: number | null;
  readonly crossOriginIsolated: boolean | null;
  readonly itemsPerSecond: number | null;
  readonly reportedBy: string;
  readonly at: string;
}

export interface HeldOutView {
  readonly evaluated: boolean;
  readonly reason: string | null;
  readonly trainItems: number | null;
  readonly testItems: number | null;
  readonly accuracy: number | null;
  readonly macroF1: number | null;
  readonly ece: number | null;
  /** A spans project's tagger: exact entity-level F1, precision and recall on the held-out items. */
  readonly entityF1: number | null;
  readonly entityPrecision: number | null;
  readonly entityRecall: number | null;
}

/** One author of the project's embeddings for the encoder, or a user whose posts failed a cross-check. */
export interface EmbeddingAuthorView {
  /** null: `goldset score`, run on the server. */
  readonly userId: string | null;
  readonly name: string;
  readonly embeddings: number;
  /** Posts refused because a cross-check vector disagreed with the stored one. */
  readonly failedPosts: number;
  readonly lastFailedAt: string | null;
  readonly lowestCosine: number | null;
  /** Whose stored vectors the failed checks disagreed with: if many users fail against one author, suspect that author. */
  readonly failedAgainst: readonly string[];
}

/** How browsers' vectors are checked, and who embedded what (leads only). */
export interface CrossCheckView {
  readonly perBatch: number;
  readonly minCosine: number;
  readonly authors: readonly EmbeddingAuthorView[];
}

export interface ClassifierVersionView {
  readonly version: number;
  /** What the version trained: the project classifier, or a spans project's token tagger. */
  readonly model: "classifier" | "span-tagger";
  readonly createdAt: string;
  readonly trigger: string;
  readonly features: string;
  readonly featureDescription: string;
  readonly strategy: string;
  readonly coldStart: boolean;
  readonly diversityPicks: number;
  readonly trainedOn: number;
  readonly untrained: string | null;
  readonly labelCounts: Record<string, number>;
  readonly heldOut: HeldOutView;
  readonly seconds: number;
}

export interface ModelOverviewView {
  readonly canManage: boolean;
  /** Spans projects rank by a span tagger's entity uncertainty: no encoder, embeddings or cold-start picks. */
  readonly spans: boolean;
  readonly settings: RankingSettingsView;
  readonly encoder: {
    readonly modelId: string;
    /** Whether the server's models directory holds the encoder's files, in words. */
    readonly serverFiles: { readonly available: boolean; readonly description: string };
    readonly allowRemoteModels: boolean;
    readonly lastReport: EncoderReportView | null;
  };
  readonly embeddings: { readonly items: number; readonly embedded: number; readonly claimed: number };
  /** null unless the viewer can manage the project. */
  readonly crossChecks: CrossCheckView | null;
  readonly latest: ClassifierVersionView | null;
  readonly history: readonly ClassifierVersionView[];
  readonly retraining: boolean;
  readonly labelsSinceRetrain: number;
}

export interface ItemExplanationView {
  readonly itemId: number;
  readonly externalId: string;
  readonly open: boolean;
  /** 1-based place among the open items in queue order (an annotator's own labels and leases aside). */
  readonly position: number | null;
  readonly openItems: number;
  readonly queueRank: number;
  readonly version: number | null;
  readonly strategy: string | null;
  readonly predicted: readonly string[] | null;
  readonly confidence: number | null;
  readonly score: number | null;
  readonly uncertainty: number | null;
  readonly exploration: boolean;
  readonly diversityPick: number | null;
  readonly boosts: { readonly rareClass: number; readonly llmDisagreement: number } | null;
  /** The whole answer in a sentence or two. */
  readonly summary: string;
}
