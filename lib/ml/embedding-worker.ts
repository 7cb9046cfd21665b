/**
 * The embedding Web Worker (a module worker). Start it with
 *   new Worker(new URL("./embedding-worker.ts", import.meta.url), { type: "module" })
 * so Next.js bundles it; messages follow embedding-protocol.ts. Models are read from the app's
 * /models/ route and onnxruntime-web's WebAssembly runtime from /ort/ (public/ort, copied at
 * install, see ort-runtime.ts). Model files are kept in the Cache API between visits and checked
 * against the server before each use (model-file-cache.ts).
 */
import type { EmbeddingWorkerRequest } from "./embedding-protocol";
import { createEmbeddingService } from "./embedding-service";
import { openModelFileCache } from "./model-file-cache";
import { LOCAL_MODELS_URL_PATH, httpFileExists } from "./model-source";
import { ortCpuRuntimeUrls } from "./ort-runtime";

const scope = self as unknown as DedicatedWorkerGlobalScope;

const service = createEmbeddingService(
  {
    crossOriginIsolated: scope.crossOriginIsolated,
    hardwareConcurrency: scope.navigator.hardwareConcurrency,
    localModelPath: LOCAL_MODELS_URL_PATH,
    ortRuntime: ortCpuRuntimeUrls(),
    localFileExists: (modelId, relativePath) =>
      httpFileExists(`${LOCAL_MODELS_URL_PATH}${modelId}`)(relativePath),
    openLocalModelCache: () =>
      openModelFileCache(new URL(LOCAL_MODELS_URL_PATH, scope.location.href).href, scope.location.href),
  },
  (message, transfer) => scope.postMessage(message, transfer ?? []),
);

scope.addEventListener("message", (event: MessageEvent<EmbeddingWorkerRequest>) => {
  void service.handle(event.data);
});
