/**
 * The one place that decides where an embedding model loads from: the deployment's own models
 * directory first (served to browsers at /models/{modelId}/..., read from GOLDSET_MODELS_DIR on
 * disk), then the model hub, and the hub only when the deployment allows remote models. A model
 * is loaded from exactly one source, never mixed file by file, so what the UI says is true.
 *
 * Pure apart from the `fileExists` probe the caller supplies (HTTP in the browser, the file
 * system under Node), so the worker and the CLI share the decision and its wording.
 */

/** The weight files the encoder can load; the default is chosen in encoder-defaults.ts. */
export const MODEL_DTYPES = ["q8", "fp32", "q4"] as const;
export type ModelDtype = (typeof MODEL_DTYPES)[number];

export const DEFAULT_EMBEDDING_MODEL_ID = "Xenova/all-MiniLM-L6-v2";

/** URL path under which the app serves its models directory to the browser. */
export const LOCAL_MODELS_URL_PATH = "/models/";

/** transformers.js' file naming: dtype q8 loads the `_quantized` file, q4 `_q4`, fp32 the plain one. */
export function modelWeightsFile(dtype: ModelDtype): string {
  switch (dtype) {
    case "q8":
      return "onnx/model_quantized.onnx";
    case "q4":
      return "onnx/model_q4.onnx";
    case "fp32":
      return "onnx/model.onnx";
  }
}

/** The files a feature-extraction pipeline reads; a local model lacking any of them is not used. */
export function requiredModelFiles(dtype: ModelDtype): readonly string[] {
  return ["config.json", "tokenizer.json", "tokenizer_config.json", modelWeightsFile(dtype)];
}

// Hub-style ids ("owner/name" or "name"); no "..", no leading slash, so an id cannot walk out of
// the models directory when it becomes a path or a URL.
const MODEL_ID_PATTERN = /^[A-Za-z0-9][\w.-]*(\/[A-Za-z0-9][\w.-]*)?$/;

export function isValidModelId(modelId: string): boolean {
  return MODEL_ID_PATTERN.test(modelId) && !modelId.includes("..");
}

export type ModelSource =
  | {
      readonly kind: "local";
      readonly modelId: string;
      readonly dtype: ModelDtype;
      /** The model folder: a URL path in the browser, a directory under Node. */
      readonly location: string;
      readonly description: string;
    }
  | {
      readonly kind: "remote";
      readonly modelId: string;
      readonly dtype: ModelDtype;
      readonly location: string;
      readonly description: string;
    }
  | {
      readonly kind: "unavailable";
      readonly modelId: string;
      readonly dtype: ModelDtype;
      readonly reason: string;
      readonly description: string;
    };

export interface ModelSourceRequest {
  readonly modelId: string;
  readonly dtype: ModelDtype;
  readonly allowRemoteModels: boolean;
  /** The model's folder in the local models directory, e.g. "/models/Xenova/all-MiniLM-L6-v2". */
  readonly localLocation: string;
  /** Whether a file (relative to the model folder) is present locally. */
  readonly fileExists: (relativePath: string) => Promise<boolean>;
  /** transformers.js' `env.remoteHost`, named to the user when the model comes from there. */
  readonly remoteHost: string;
}

export async function resolveModelSource(request: ModelSourceRequest): Promise<ModelSource> {
  const { modelId, dtype } = request;
  if (!isValidModelId(modelId)) {
    const reason = `"${modelId}" is not a valid model id: use "owner/name" as on the model hub, e.g. "${DEFAULT_EMBEDDING_MODEL_ID}".`;
    return { kind: "unavailable", modelId, dtype, reason, description: reason };
  }

  const files = requiredModelFiles(dtype);
  const present = await Promise.all(files.map((file) => request.fileExists(file).catch(() => false)));
  const missing = files.filter((_, index) => !present[index]);
  if (missing.length === 0) {
    return {
      kind: "local",
      modelId,
      dtype,
      location: request.localLocation,
      description: `loaded from ${request.localLocation} (local)`,
    };
  }

  const absence = missing.length === files.length
    ? `${request.localLocation} does not exist or is empty`
    : `${request.localLocation} lacks ${missing.join(", ")}`;
  if (request.allowRemoteModels) {
    const location = `${request.remoteHost.replace(/\/?$/, "/")}${modelId}`;
    return {
      kind: "remote",
      modelId,
      dtype,
      location,
      description: `loaded from ${location} (remote: ${absence})`,
    };
  }

  const reason =
    `No embedding model could be loaded: ${absence}, and this deployment does not allow remote models. ` +
    `Put ${files.join(", ")} under GOLDSET_MODELS_DIR/${modelId}/, or allow remote models.`;
  return { kind: "unavailable", modelId, dtype, reason, description: reason };
}

/** The transformers.js `env` switches that make it load from the chosen source and nowhere else. */
export interface ModelLoadSettings {
  readonly allowLocalModels: boolean;
  readonly allowRemoteModels: boolean;
  readonly localModelPath: string;
  /** transformers.js' own Cache API copy, which it never revalidates: for hub downloads only. */
  readonly useBrowserCache: boolean;
  /**
   * Local files are kept by model-file-cache.ts instead, which checks each copy against the
   * server's version label before using it, so a model replaced on the server is fetched again.
   */
  readonly useValidatedLocalCache: boolean;
}

export function modelLoadSettings(source: ModelSource, localModelPath: string): ModelLoadSettings {
  return {
    allowLocalModels: source.kind === "local",
    allowRemoteModels: source.kind === "remote",
    localModelPath,
    useBrowserCache: source.kind === "remote",
    useValidatedLocalCache: source.kind === "local",
  };
}

/** A `fileExists` probe over HTTP (HEAD), for the models directory the app serves. */
export function httpFileExists(
  modelFolderUrl: string,
  fetchFile: typeof fetch = fetch,
): (relativePath: string) => Promise<boolean> {
  return async (relativePath) => {
    const response = await fetchFile(`${modelFolderUrl}/${relativePath}`, { method: "HEAD" });
    return response.ok;
  };
}
