// Starts retrain-worker.ts from its TypeScript source, where no bundler compiled it (tsx, Vitest,
// the CLI): a worker thread does not inherit the tsx loader of the thread that starts it.
import { register } from "tsx/esm/api";
import { workerData } from "node:worker_threads";

register({ tsconfig: new URL("../../../tsconfig.json", import.meta.url).pathname });
await import(workerData.goldsetWorkerEntry);
