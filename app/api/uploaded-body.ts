import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { crossSiteRefusal } from "@/lib/http/cross-site-request";
import { limitedChunks, refuseDeclaredOversize } from "./body-limit";

/**
 * An uploaded file arrives as the raw request body; the parsers read it as a byte stream, which
 * stops with 413 past GOLDSET_MAX_UPLOAD_BYTES. The proxy does not see upload routes (it would
 * buffer the file), so the cross-site check runs here.
 */
export function uploadedBody(request: Request): AsyncIterable<Uint8Array> {
  const refusal = crossSiteRefusal({ method: request.method, pathname: new URL(request.url).pathname, headers: request.headers, publicUrl: env().NEXTAUTH_URL, trustProxy: env().GOLDSET_TRUST_PROXY === "1" });
  if (refusal) throw new GoldsetError("forbidden", refusal);
  const limit = env().GOLDSET_MAX_UPLOAD_BYTES;
  refuseDeclaredOversize(request, limit, "uploaded file (GOLDSET_MAX_UPLOAD_BYTES)");
  if (!request.body) throw new GoldsetError("bad_request", "The request has no file in its body.");
  return limitedChunks(request.body, limit, "uploaded file (GOLDSET_MAX_UPLOAD_BYTES)");
}
