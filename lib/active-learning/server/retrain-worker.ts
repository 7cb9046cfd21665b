/**
 * The worker thread that computes retrains (compute-retrain.ts), so that training and scoring a
 * million items never hold the server's event loop. It reads through its own read-only connection
 * to the database file, opened per job, and keeps between jobs what makes the next retrain cheap:
 * the hashed features and the warm-start models live on this thread's globalThis. Started and
 * spoken to only by retrain-thread.ts. Its `server-only` guard resolves to the empty module in
 * Next's bundle of this thread as in the app's, and from source through the hook that
 * retrain-worker-tsx.mjs registers.
 */
import "server-only";
import { parentPort } from "node:worker_threads";
import { openReadOnlyDatabase } from "@/db";
import type { ClassifierModel } from "@/lib/active-learning/classifier-model";
import { GoldsetError } from "@/lib/errors";
import { runAtBackgroundPriority } from "@/lib/jobs/background-priority";
import { computeRetrain, transferables } from "./compute-retrain";
import type { RetrainThreadReply, RetrainThreadRequest } from "./retrain-thread-messages";
import { keepVersionModel } from "./warm-starts";

/** A worker thread runs to the end of each piece of work anyway; nothing else waits on its loop. */
const neverPause = { due: () => false, pause: async () => {} };

/** The model of each project's last computation, until the server says which version it became. */
const unsaved = new Map<string, { readonly features: string; readonly model: ClassifierModel | null }>();

const port = parentPort;
if (!port) throw new Error("retrain-worker.ts runs as a worker thread (see retrain-thread.ts), not as a script.");
// Requests come first: this thread takes the cores the request thread leaves (lib/jobs/background-priority.ts).
runAtBackgroundPriority();

port.on("message", (request: RetrainThreadRequest) => {
  if (request.kind === "saved") {
    const computed = unsaved.get(request.projectId);
    unsaved.delete(request.projectId);
    if (computed) keepVersionModel(request.projectId, request.version, computed.features, computed.model);
    return;
  }
  void compute(request.id, request.location, request.projectId, request.trigger);
});

async function compute(id: number, location: string, projectId: string, trigger: Extract<RetrainThreadRequest, { kind: "compute" }>["trigger"]) {
  let reply: RetrainThreadReply;
  let transfer: ArrayBuffer[] = [];
  try {
    const db = await openReadOnlyDatabase(location);
    try {
      const { computation, model } = await computeRetrain({ db, projectId, trigger, slices: neverPause });
      unsaved.set(projectId, { features: computation.features, model });
      reply = { id, ok: true, computation };
      transfer = transferables(computation);
    } finally {
      await db.$close();
    }
  } catch (error) {
    reply = {
      id,
      ok: false,
      message: error instanceof Error ? error.message : String(error),
      code: error instanceof GoldsetError ? error.code : null,
      stack: error instanceof Error ? (error.stack ?? null) : null,
    };
  }
  port?.postMessage(reply, transfer);
}
