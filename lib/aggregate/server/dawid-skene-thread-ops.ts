// The Dawid–Skene fits a job's worker thread (lib/jobs/job-worker.ts) computes on request
// (dawid-skene-thread.ts asks): EM over the whole project, off the server's event loop.
import "server-only";
import { inThreadFitter, type MultiLabelRow } from "@/lib/aggregate/dawid-skene-model";
import type { DawidSkeneFitOptions } from "@/lib/aggregate/dawid-skene";
import type { EncodedAnnotations } from "@/lib/aggregate/encode-annotations";

export const DAWID_SKENE_THREAD_OPS = {
  "dawid-skene.fit-single": ({ encoded, options }: { encoded: EncodedAnnotations; options: DawidSkeneFitOptions }) => inThreadFitter.fitSingle(encoded, options),
  "dawid-skene.fit-multi": ({ rows, labels, options }: { rows: MultiLabelRow[]; labels: string[]; options: DawidSkeneFitOptions }) =>
    inThreadFitter.fitMulti(rows, labels, options),
} as const;
