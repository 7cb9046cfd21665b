// An AgreementSummarizer whose computing (the bootstrap above all) runs on a job's worker thread:
// the pages of ratings go there as they are read, the summary comes back.
import "server-only";
import type { AgreementSummary } from "@/lib/agreement/summarize";
import type { AgreementSummarizer } from "@/lib/agreement/project-ratings";
import type { SpanAgreementSummarizer } from "@/db/queries/span-agreement";
import type { SpanAgreementSummary } from "@/lib/agreement/spans/span-agreement";
import { withJobThread, type JobThread } from "@/lib/jobs/job-thread";

export function summarizerOnThread(thread: JobThread): AgreementSummarizer {
  return {
    add: (ratings) => thread.call<void>("agreement.add", ratings),
    summarize: (options) => thread.call<AgreementSummary>("agreement.summarize", options),
  };
}

/** Runs `work` with a summarizer on a worker thread of its own, ended afterwards. */
export function withSummarizerOnThread<T>(work: (summarizer: AgreementSummarizer) => Promise<T>): Promise<T> {
  return withJobThread((thread) => work(summarizerOnThread(thread)));
}

/** Span agreement (entity F1, αu and their bootstrap) summarised on a worker thread of its own. */
export const summarizeSpanAgreementOnThread: SpanAgreementSummarizer = (annotations, options) =>
  withJobThread((thread) => thread.call<SpanAgreementSummary>("spanAgreement.summarize", { annotations, options }));
