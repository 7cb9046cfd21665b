// The models directory (GOLDSET_MODELS_DIR) served to the embedding worker, which loads
// /models/{modelId}/... with transformers.js. Signed-in users only; paths are confined to the
// directory, symbolic links included (lib/active-learning/server/model-file-path.ts).
import { open, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { requireUser } from "@/lib/auth/guard";
import { resolveModelFile } from "@/lib/active-learning/server/model-file-path";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { modelFileEtag } from "@/lib/ml/model-file-version";
import { respond } from "../../api/respond";

const CONTENT_TYPES: Record<string, string> = {
  ".json": "application/json",
  ".txt": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
  ".onnx": "application/octet-stream",
};

const CHUNK_BYTES = 1 << 20;

/**
 * The file as a pull-based web stream: a chunk is read only when the client wants one, and a
 * client that goes away (transformers.js aborts fetches it no longer needs) just closes the file.
 * Node's Readable.toWeb keeps pushing into the cancelled stream and throws outside any handler.
 */
function fileStream(file: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | null = null;
  const release = async () => {
    const current = handle;
    handle = null;
    await current?.close();
  };
  return new ReadableStream<Uint8Array>({
    async start() {
      handle = await open(file, "r");
    },
    async pull(controller) {
      if (!handle) return;
      const chunk = new Uint8Array(CHUNK_BYTES);
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (!handle) return;
      if (bytesRead === 0) {
        await release();
        controller.close();
      } else {
        controller.enqueue(chunk.subarray(0, bytesRead));
      }
    },
    cancel: release,
  });
}

async function serve(params: Promise<{ path: string[] }>, withBody: boolean): Promise<Response> {
  return respond(async () => {
    await requireUser();
    const segments = (await params).path;
    const found = await resolveModelFile(env().GOLDSET_MODELS_DIR, segments);
    if (!found) throw new GoldsetError("not_found", `No model file /models/${segments.join("/")}.`);
    const headers = new Headers({
      "Content-Type": CONTENT_TYPES[path.extname(found.file).toLowerCase()] ?? "application/octet-stream",
      "Content-Length": String(found.size),
      // Not in the HTTP cache: with a cacheable response (no-cache + ETag), Chromium failed the
      // 23 MB weights with ERR_CACHE_WRITE_FAILURE when transformers.js fetched the file a second
      // time while the first response was still being written to the HTTP cache
      // (e2e/active-learning.spec.ts). The embedding worker keeps its own copy in the Cache API
      // instead and uses it only while this ETag is unchanged (lib/ml/model-file-cache.ts).
      "Cache-Control": "no-store",
      ETag: modelFileEtag(found.size, found.modified),
      "Last-Modified": found.modified.toUTCString(),
      "Cross-Origin-Resource-Policy": "same-origin",
    });
    if (!withBody) return new Response(null, { status: 200, headers });
    return new Response(fileStream(found.file), { status: 200, headers });
  });
}

export async function GET(_request: Request, ctx: { params: Promise<{ path: string[] }> }) {
  return serve(ctx.params, true);
}

export async function HEAD(_request: Request, ctx: { params: Promise<{ path: string[] }> }) {
  return serve(ctx.params, false);
}
