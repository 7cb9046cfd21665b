/**
 * The encoder's files as the server sees them: whether GOLDSET_MODELS_DIR holds what
 * transformers.js needs for the model (the same decision, lib/ml/model-source.ts, that browsers
 * and the CLI make), and where models come from when it does not.
 */
import "server-only";
import { stat } from "node:fs/promises";
import path from "node:path";
import { requiredModelFiles, resolveModelSource } from "@/lib/ml/model-source";

/** The model hub transformers.js downloads from (its env.remoteHost). */
export const MODEL_HUB_URL = "https://huggingface.co/";

export function modelFolder(modelsDir: string, modelId: string): string {
  return path.join(path.resolve(modelsDir), ...modelId.split("/"));
}

export async function serverModelFiles({
  modelsDir,
  modelId,
  allowRemoteModels,
}: {
  modelsDir: string;
  modelId: string;
  allowRemoteModels: boolean;
}): Promise<{ available: boolean; description: string }> {
  const folder = modelFolder(modelsDir, modelId);
  const source = await resolveModelSource({
    modelId,
    dtype: "q8",
    allowRemoteModels,
    localLocation: path.join(modelsDir, modelId),
    fileExists: (file) => stat(path.join(folder, file)).then((info) => info.isFile()),
    remoteHost: MODEL_HUB_URL,
  });
  if (source.kind === "local") {
    return { available: true, description: `${requiredModelFiles("q8").join(", ")} present under ${path.join(modelsDir, modelId)}` };
  }
  if (source.kind === "remote") {
    return { available: false, description: `not in the models directory; browsers download it from ${source.location} (remote models are allowed)` };
  }
  return { available: false, description: source.reason };
}
