// Starts job-worker.ts from its TypeScript source, where no bundler compiled it (tsx, Vitest, the
// CLI): a worker thread inherits neither the tsx loader nor the `server-only` hook of the thread
// that starts it. The same launcher as lib/active-learning/server/retrain-worker-tsx.mjs.
import "../../scripts/server-only/register.mjs";
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register({ tsconfig: new URL("../../tsconfig.json", import.meta.url).pathname });
await import(workerData.goldsetWorkerEntry);
