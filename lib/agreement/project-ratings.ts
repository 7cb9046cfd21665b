// A project's current labels summarised through summarizeAgreement, gathered a page at a time:
// db/queries/agreement.ts reads the pages, and whoever holds an AgreementSummarizer computes, in
// the caller's thread (inThreadSummarizer) or a job's worker thread (the agreement-snapshot job).
import { summarizeAgreement, type AgreementSummary } from "./summarize";

/** One annotator's current labels on one item; an annotation that is only "not sure" has none. */
export interface ProjectRating {
  readonly item: string;
  readonly annotator: string;
  readonly labels: readonly string[];
}

export interface ProjectAgreementOptions {
  readonly multi: boolean;
  /** Bootstrap resamples for the intervals; 0 for none. */
  readonly resamples: number;
  /** Adjudicated labels by item, the reference of per-annotator accuracy. */
  readonly reference: readonly (readonly [string, readonly string[]])[];
}

export interface AgreementSummarizer {
  add(ratings: readonly ProjectRating[]): Promise<void>;
  /** Summarises every rating added so far. */
  summarize(options: ProjectAgreementOptions): Promise<AgreementSummary>;
}

export function summarizeProjectRatings(ratings: readonly ProjectRating[], { multi, resamples, reference }: ProjectAgreementOptions): AgreementSummary {
  // An annotation that is only "not sure" carries no rating.
  const rated = ratings.filter((r) => r.labels.length > 0);
  if (multi) {
    return summarizeAgreement(
      rated.map((r) => ({ item: r.item, annotator: r.annotator, value: r.labels })),
      { resamples, reference: new Map(reference) },
    );
  }
  return summarizeAgreement(
    rated.map((r) => ({ item: r.item, annotator: r.annotator, value: r.labels[0]! })),
    { resamples, reference: new Map(reference.map(([item, labels]): [string, string] => [item, labels[0]!])) },
  );
}

/** Gathers the ratings in memory and summarises them in this thread. */
export function inThreadSummarizer(): AgreementSummarizer {
  const ratings: ProjectRating[] = [];
  return {
    add: async (page) => {
      for (const r of page) ratings.push(r);
    },
    summarize: async (options) => summarizeProjectRatings(ratings, options),
  };
}
