/**
 * Keeps the model files the worker loads from the app's own /models/ route in the browser's Cache
 * API, so a second visit does not download the weights again, without ever serving a replaced
 * model stale. transformers.js' built-in browser cache (env.useBrowserCache) trusts an entry
 * forever; this one is handed to it as env.customCache and asks the server first: one HEAD per
 * file, and the stored copy is used only while its version label (model-file-version.ts) equals
 * the server's. The HEAD goes through the route's sign-in check too, so a signed-out browser gets
 * nothing from the cache either.
 *
 * Only URLs under `scope` are answered or stored: transformers.js also looks a local file up under
 * its hub URL, and a local model must not be mixed with an earlier hub download.
 */
import { sameModelFileVersion } from "./model-file-version";

/** The part of the Cache API (a `Cache` from `caches.open`) that the model file cache uses. */
export interface ResponseStore {
  match(url: string): Promise<Response | undefined>;
  put(url: string, response: Response): Promise<void>;
  delete(url: string): Promise<boolean>;
}

/** The shape transformers.js expects of env.customCache. */
export interface ModelFileCache {
  match(request: string): Promise<Response | undefined>;
  put(request: string, response: Response): Promise<void>;
  delete(request: string): Promise<boolean>;
}

export interface ModelFileCacheOptions {
  readonly store: ResponseStore;
  /** Absolute URL prefix of the files to keep, e.g. "https://goldset.example/models/". */
  readonly scope: string;
  /** Resolves the relative keys transformers.js uses for local files ("/models/..."). */
  readonly baseUrl: string;
  readonly fetchFile?: typeof fetch;
}

/** Cache Storage name; bump the suffix if the stored format ever changes. */
export const MODEL_FILE_CACHE_NAME = "goldset-model-files-v1";

export function createModelFileCache(options: ModelFileCacheOptions): ModelFileCache {
  const fetchFile = options.fetchFile ?? fetch;
  const inScope = (request: string): string | null => {
    let url: string;
    try {
      url = new URL(request, options.baseUrl).href;
    } catch {
      return null;
    }
    return url.startsWith(options.scope) ? url : null;
  };

  return {
    async match(request) {
      const url = inScope(request);
      if (!url) return undefined;
      const stored = await options.store.match(url);
      if (!stored) return undefined;
      let current: Response;
      try {
        current = await fetchFile(url, { method: "HEAD", cache: "no-store" });
      } catch {
        // The server cannot confirm the version, so the copy is not used; loading then fails or
        // succeeds exactly as it would without a cache.
        return undefined;
      }
      if (current.ok && sameModelFileVersion(stored.headers, current.headers)) return stored;
      // Replaced or removed (a sign-in failure leaves the copy for the next signed-in visit).
      if (current.ok || current.status === 404) await options.store.delete(url);
      return undefined;
    },
    async put(request, response) {
      const url = inScope(request);
      if (!url || !response.ok) return;
      // A copy with no version label could never be confirmed, so it is not kept.
      const labelled = response.headers.has("etag") || response.headers.has("last-modified");
      if (labelled) await options.store.put(url, response);
    },
    async delete(request) {
      const url = inScope(request);
      return url ? options.store.delete(url) : false;
    },
  };
}

/**
 * The cache for this browser context, or null where the Cache API is missing (it exists only in
 * secure contexts: https or localhost) or refuses to open (e.g. storage disabled); the worker
 * then downloads the files on every visit, as before.
 */
export async function openModelFileCache(scope: string, baseUrl: string): Promise<ModelFileCache | null> {
  if (typeof caches === "undefined") return null;
  try {
    const store = await caches.open(MODEL_FILE_CACHE_NAME);
    return createModelFileCache({
      store: {
        match: (url) => store.match(url),
        put: (url, response) => store.put(url, response),
        delete: (url) => store.delete(url),
      },
      scope,
      baseUrl,
    });
  } catch {
    return null;
  }
}
