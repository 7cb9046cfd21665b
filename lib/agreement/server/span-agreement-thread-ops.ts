// Span agreement computed on a job's worker thread (lib/jobs/job-worker.ts): entity F1 and αu with
// their bootstrap are CPU work a page read or the agreement route must not run on the event loop.
import "server-only";
import { summarizeSpanAgreement, type SpanAgreementOptions, type SpanAnnotation } from "@/lib/agreement/spans/span-agreement";

export const SPAN_AGREEMENT_THREAD_OPS = {
  "spanAgreement.summarize": ({ annotations, options }: { annotations: SpanAnnotation[]; options: SpanAgreementOptions }) =>
    summarizeSpanAgreement(annotations, options),
} as const;
