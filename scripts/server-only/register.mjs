// Lets server modules (those starting with `import "server-only"`) load in Node outside Next:
// `tsx --import ./scripts/server-only/register.mjs file.ts`, or import this first from an entry
// point that loads the rest dynamically (bin/goldset.mjs, the retrain worker's tsx bootstrap).
// A worker thread does not inherit the hook of the thread that starts it, so each registers its own.
import { register } from "node:module";

register("./resolve.mjs", import.meta.url);
