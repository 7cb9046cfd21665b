// A DawidSkeneFitter whose EM runs on a job's worker thread: the encoded ratings move there (their
// typed arrays transferred, not copied) and the fitted model comes back.
import "server-only";
import type { DawidSkeneFitter, FittedDawidSkene } from "@/lib/aggregate/dawid-skene-model";
import type { JobThread } from "@/lib/jobs/job-thread";

export function fitterOnThread(thread: JobThread): DawidSkeneFitter {
  return {
    fitSingle: (encoded, options) =>
      thread.call<FittedDawidSkene>("dawid-skene.fit-single", { encoded, options }, [
        encoded.itemIndex.buffer as ArrayBuffer,
        encoded.annotatorIndex.buffer as ArrayBuffer,
        encoded.classIndex.buffer as ArrayBuffer,
      ]),
    fitMulti: (rows, labels, options) => thread.call<FittedDawidSkene>("dawid-skene.fit-multi", { rows, labels, options }),
  };
}
