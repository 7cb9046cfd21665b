/**
 * npx tsx scripts/make-test-model.ts --out <dir> [--seed 42]
 *
 * Writes a random-weight stand-in for all-MiniLM-L6-v2 (see scripts/onnx/test-model-writer.ts).
 * To load it by model id, put it at <models dir>/goldset-test/minilm-l6-random.
 */
import { parseArgs } from "node:util";
import { DEFAULT_SEED, writeTestModel } from "./onnx/test-model-writer";

const usage = "usage: npx tsx scripts/make-test-model.ts --out <dir> [--seed 42]";

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { out: { type: "string" }, seed: { type: "string", default: String(DEFAULT_SEED) } },
  });
  if (!values.out) throw new Error(`--out is required\n${usage}`);
  const seed = Number(values.seed);
  if (!Number.isInteger(seed)) throw new Error(`--seed must be an integer, got "${values.seed}"\n${usage}`);

  const started = performance.now();
  const model = await writeTestModel({ outDir: values.out, seed });
  const seconds = (performance.now() - started) / 1000;
  for (const file of model.files) console.log(`${file.bytes.toString().padStart(11)}  ${file.path}`);
  console.log(`wrote ${model.outDir} (seed ${model.seed}, random weights) in ${seconds.toFixed(1)} s`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
