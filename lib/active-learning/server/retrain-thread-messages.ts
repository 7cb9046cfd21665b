/** What the server's thread and the retrain worker thread (retrain-worker.ts) say to each other. */
import "server-only";
import type { ErrorCode } from "@/lib/errors";
import type { RetrainComputation } from "./compute-retrain";
import type { RetrainTrigger } from "./version-metrics";

export type RetrainThreadRequest =
  | { readonly kind: "compute"; readonly id: number; readonly location: string; readonly projectId: string; readonly trigger: RetrainTrigger }
  /** The computation's results were saved as `version`: its model is the next retrain's warm start. */
  | { readonly kind: "saved"; readonly projectId: string; readonly version: number };

export type RetrainThreadReply =
  | { readonly id: number; readonly ok: true; readonly computation: RetrainComputation }
  | { readonly id: number; readonly ok: false; readonly message: string; readonly code: ErrorCode | null; readonly stack: string | null };
