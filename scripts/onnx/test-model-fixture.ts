/**
 * For tests: a freshly generated random-weight test model in a temporary models directory,
 * loadable by TEST_MODEL_ID. Generation takes a few seconds, so call it from a beforeAll hook.
 */
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { TEST_MODEL_ID, writeTestModel } from "./test-model-writer";

export interface TemporaryTestModel {
  /** Models directory (ends with a separator, as transformers.js' localModelPath expects). */
  readonly modelsDir: string;
  readonly modelId: string;
  readonly modelDir: string;
  remove(): Promise<void>;
}

export async function createTemporaryTestModel(seed?: number): Promise<TemporaryTestModel> {
  const root = await mkdtemp(path.join(os.tmpdir(), "goldset-test-model-"));
  const modelDir = path.join(root, TEST_MODEL_ID);
  await writeTestModel({ outDir: modelDir, ...(seed === undefined ? {} : { seed }) });
  return {
    modelsDir: `${root}${path.sep}`,
    modelId: TEST_MODEL_ID,
    modelDir,
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
