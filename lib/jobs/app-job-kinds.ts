// Every kind of background job the app runs, for the server's runner and the CLI.
import { retrainJob } from "@/lib/active-learning-service/retrain-scheduler";
import { dawidSkeneRefitJob } from "@/lib/review-service/dawid-skene-refit";
import type { AnyJobKind } from "./job-kind";

export const APP_JOB_KINDS: readonly AnyJobKind[] = [retrainJob, dawidSkeneRefitJob];
