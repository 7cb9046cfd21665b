import { describe, expect, it } from "vitest";
import { createModelFileCache, type ResponseStore } from "./model-file-cache";

const ORIGIN = "https://goldset.test";
const WEIGHTS = `${ORIGIN}/models/owner/model/onnx/model_quantized.onnx`;

/** A Cache API stand-in keyed by absolute URL, as a real Cache is. */
function memoryStore(): ResponseStore & { readonly entries: Map<string, Response> } {
  const entries = new Map<string, Response>();
  return {
    entries,
    match: async (url) => entries.get(url)?.clone(),
    put: async (url, response) => void entries.set(url, response),
    delete: async (url) => entries.delete(url),
  };
}

/** The server's current answer per URL, and every request it received. */
function fakeServer(files: Record<string, { status?: number; headers?: Record<string, string> }>) {
  const requests: string[] = [];
  const fetchFile = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    requests.push(`${init?.method ?? "GET"} ${url}`);
    const file = files[url];
    return new Response(null, { status: file ? (file.status ?? 200) : 404, headers: file?.headers ?? {} });
  }) as typeof fetch;
  return { requests, fetchFile };
}

function weightsResponse(etag: string, body = "weights"): Response {
  return new Response(body, { headers: { etag, "content-length": String(body.length) } });
}

function cacheWith(store: ResponseStore, fetchFile: typeof fetch) {
  return createModelFileCache({ store, scope: `${ORIGIN}/models/`, baseUrl: `${ORIGIN}/_next/static/worker.js`, fetchFile });
}

describe("model file cache", () => {
  it("keeps a downloaded file under its absolute URL and serves it while the server's ETag is unchanged", async () => {
    const store = memoryStore();
    const server = fakeServer({ [WEIGHTS]: { headers: { etag: 'W/"7-1"' } } });
    const cache = cacheWith(store, server.fetchFile);

    expect(await cache.match("/models/owner/model/onnx/model_quantized.onnx")).toBeUndefined();
    expect(server.requests).toEqual([]);
    await cache.put("/models/owner/model/onnx/model_quantized.onnx", weightsResponse('W/"7-1"'));
    expect([...store.entries.keys()]).toEqual([WEIGHTS]);

    const hit = await cache.match("/models/owner/model/onnx/model_quantized.onnx");
    expect(await hit?.text()).toBe("weights");
    // One HEAD to confirm the version, and no GET.
    expect(server.requests).toEqual([`HEAD ${WEIGHTS}`]);
  });

  it("drops a copy whose file changed on the server, so the new version is downloaded", async () => {
    const store = memoryStore();
    store.entries.set(WEIGHTS, weightsResponse('W/"7-1"'));
    const cache = cacheWith(store, fakeServer({ [WEIGHTS]: { headers: { etag: 'W/"9-2"' } } }).fetchFile);

    expect(await cache.match(WEIGHTS)).toBeUndefined();
    expect(store.entries.has(WEIGHTS)).toBe(false);
  });

  it("drops a copy whose file is gone, and keeps one the server only refused to a signed-out user", async () => {
    const gone = memoryStore();
    gone.entries.set(WEIGHTS, weightsResponse('W/"7-1"'));
    expect(await cacheWith(gone, fakeServer({}).fetchFile).match(WEIGHTS)).toBeUndefined();
    expect(gone.entries.has(WEIGHTS)).toBe(false);

    const refused = memoryStore();
    refused.entries.set(WEIGHTS, weightsResponse('W/"7-1"'));
    const signedOut = fakeServer({ [WEIGHTS]: { status: 401 } });
    expect(await cacheWith(refused, signedOut.fetchFile).match(WEIGHTS)).toBeUndefined();
    expect(refused.entries.has(WEIGHTS)).toBe(true);
  });

  it("does not use a copy when the server cannot be asked", async () => {
    const store = memoryStore();
    store.entries.set(WEIGHTS, weightsResponse('W/"7-1"'));
    const offline = (async () => {
      throw new TypeError("Failed to fetch");
    }) as typeof fetch;
    expect(await cacheWith(store, offline).match(WEIGHTS)).toBeUndefined();
  });

  it("neither answers nor stores URLs outside the models route, such as the hub URL of the same file", async () => {
    const store = memoryStore();
    const hubUrl = "https://huggingface.co/owner/model/resolve/main/onnx/model_quantized.onnx";
    store.entries.set(hubUrl, weightsResponse('W/"7-1"'));
    const server = fakeServer({ [hubUrl]: { headers: { etag: 'W/"7-1"' } } });
    const cache = cacheWith(store, server.fetchFile);

    expect(await cache.match(hubUrl)).toBeUndefined();
    await cache.put(`${ORIGIN}/ort/ort-wasm-simd-threaded.wasm`, weightsResponse('W/"7-1"'));
    expect([...store.entries.keys()]).toEqual([hubUrl]);
    expect(server.requests).toEqual([]);
  });

  it("does not keep a response it could never validate", async () => {
    const store = memoryStore();
    const cache = cacheWith(store, fakeServer({}).fetchFile);
    await cache.put(WEIGHTS, new Response("weights"));
    await cache.put(WEIGHTS, new Response("missing", { status: 404, headers: { etag: 'W/"1-1"' } }));
    expect(store.entries.size).toBe(0);
  });
});
