/**
 * Writes a sentence encoder with all-MiniLM-L6-v2's shape, tokenizer and configuration but
 * random weights, in the folder layout transformers.js loads a local model from. The real
 * weights cannot be downloaded where Goldset is built and tested; this stand-in has their speed
 * and their output shape, and nothing else: its similarities are noise.
 */
import { copyFile, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { buildBertModel } from "./bert-graph";
import { bertShapeFromConfig, generateBertWeights } from "./bert-weights";
import { encodeModel } from "./onnx-proto";

/** The model id the generated encoder is loaded by, below a models directory. */
export const TEST_MODEL_ID = "goldset-test/minilm-l6-random";
export const SOURCE_MODEL_ID = "Xenova/all-MiniLM-L6-v2";
export const DEFAULT_SEED = 42;

const TOKENIZER_AND_CONFIG_FILES = [
  "config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "vocab.txt",
] as const;

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** GOLDSET_SHARED_MODELS (relative to the working directory) or the checkout's sibling shared/models. */
export function sharedModelsDir(): string {
  const configured = process.env.GOLDSET_SHARED_MODELS;
  return configured ? path.resolve(configured) : path.resolve(repoRoot, "../shared/models");
}

export interface TestModelOptions {
  readonly outDir: string;
  readonly seed?: number;
  readonly sharedModels?: string;
}

export interface WrittenTestModel {
  readonly outDir: string;
  readonly seed: number;
  readonly files: readonly { readonly path: string; readonly bytes: number }[];
}

async function assertSourceFiles(sourceDir: string): Promise<void> {
  const missing: string[] = [];
  for (const file of TOKENIZER_AND_CONFIG_FILES) {
    const found = await stat(path.join(sourceDir, file)).then((info) => info.isFile(), () => false);
    if (!found) missing.push(file);
  }
  if (missing.length > 0) {
    throw new Error(
      `Cannot build the test model: ${sourceDir} lacks ${missing.join(", ")}. ` +
        `Point GOLDSET_SHARED_MODELS at the folder holding ${SOURCE_MODEL_ID}/ (its tokenizer and config.json).`,
    );
  }
}

function modelCard(seed: number): string {
  return `# Goldset test model: random weights

This folder was written by Goldset's test-model generator, \`npx tsx scripts/make-test-model.ts\` (seed ${seed}).

- \`config.json\`, \`tokenizer.json\`, \`tokenizer_config.json\`, \`special_tokens_map.json\`, \`vocab.txt\`
  are the real files of ${SOURCE_MODEL_ID} (Apache-2.0).
- \`onnx/model.onnx\` (fp32), \`onnx/model_quantized.onnx\` (dynamic int8, as onnxruntime's
  quantize_dynamic writes it) and \`onnx/model_q4.onnx\` (4-bit MatMulNBits weights) have the
  same architecture (BERT, 6 layers, hidden 384, 12 heads) but **random weights** drawn from a
  seeded generator.

It runs at the speed of the real model and returns 384-dimensional vectors, but the vectors mean
nothing: similarities, neighbours and clusters computed with it are noise. Use it for tests and
benchmarks only, never to present results.
`;
}

export async function writeTestModel(options: TestModelOptions): Promise<WrittenTestModel> {
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff) {
    throw new Error(`seed must be an integer in [0, 2^32), got ${seed}`);
  }
  const sourceDir = path.join(options.sharedModels ?? sharedModelsDir(), SOURCE_MODEL_ID);
  await assertSourceFiles(sourceDir);

  const outDir = path.resolve(options.outDir);
  await mkdir(path.join(outDir, "onnx"), { recursive: true });
  for (const file of TOKENIZER_AND_CONFIG_FILES) {
    await copyFile(path.join(sourceDir, file), path.join(outDir, file));
  }

  const config = JSON.parse(await readFile(path.join(sourceDir, "config.json"), "utf8")) as Record<string, unknown>;
  const weights = generateBertWeights(bertShapeFromConfig(config), seed);
  await writeFile(path.join(outDir, "onnx/model.onnx"), encodeModel(buildBertModel(weights, "fp32")));
  await writeFile(path.join(outDir, "onnx/model_quantized.onnx"), encodeModel(buildBertModel(weights, "q8")));
  await writeFile(path.join(outDir, "onnx/model_q4.onnx"), encodeModel(buildBertModel(weights, "q4")));
  await writeFile(path.join(outDir, "GOLDSET_TEST_MODEL.md"), modelCard(seed));

  const written = [...TOKENIZER_AND_CONFIG_FILES, "onnx/model.onnx", "onnx/model_quantized.onnx", "onnx/model_q4.onnx", "GOLDSET_TEST_MODEL.md"];
  const files = await Promise.all(
    written.map(async (file) => ({ path: file, bytes: (await stat(path.join(outDir, file))).size })),
  );
  return { outDir, seed, files };
}
