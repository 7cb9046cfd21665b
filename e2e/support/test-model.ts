// The random-weight MiniLM stand-in (scripts/make-test-model.ts) in the e2e models directory, which
// the web server serves at /models/. Built from the real tokenizer in ../shared/models; without
// that folder the tests that need a model skip and say why.
import { existsSync } from "node:fs";
import path from "node:path";
import { sharedModelsDir, SOURCE_MODEL_ID, TEST_MODEL_ID, writeTestModel } from "@/scripts/onnx/test-model-writer";

export type TestModel = { modelId: string; skip: null } | { modelId: null; skip: string };

export async function ensureTestModel(): Promise<TestModel> {
  const tokenizer = path.join(sharedModelsDir(), SOURCE_MODEL_ID, "tokenizer.json");
  if (!existsSync(tokenizer)) {
    return { modelId: null, skip: `${tokenizer} is absent (set GOLDSET_SHARED_MODELS): the test model cannot be built` };
  }
  const modelsDir = process.env.GOLDSET_MODELS_DIR;
  if (!modelsDir) throw new Error("GOLDSET_MODELS_DIR is not set: playwright.config.ts sets it for the web server and the tests");
  const outDir = path.join(modelsDir, TEST_MODEL_ID);
  if (!existsSync(path.join(outDir, "onnx", "model_quantized.onnx"))) await writeTestModel({ outDir });
  return { modelId: TEST_MODEL_ID, skip: null };
}
