// The agreement a job's worker thread (lib/jobs/job-worker.ts) computes on request: ratings
// gathered page by page, then summarised with their bootstrap (agreement-thread.ts asks).
import "server-only";
import { inThreadSummarizer, type ProjectAgreementOptions, type ProjectRating } from "@/lib/agreement/project-ratings";

let summarizer = inThreadSummarizer();

export const AGREEMENT_THREAD_OPS = {
  "agreement.add": (ratings: ProjectRating[]) => summarizer.add(ratings),
  "agreement.summarize": async (options: ProjectAgreementOptions) => {
    const summary = await summarizer.summarize(options);
    summarizer = inThreadSummarizer();
    return summary;
  },
} as const;
