import { GoldsetError } from "@/lib/errors";

/** An uploaded file arrives as the raw request body; the parsers read it as a byte stream. */
export function uploadedBody(request: Request): AsyncIterable<Uint8Array> {
  if (!request.body) throw new GoldsetError("bad_request", "The request has no file in its body.");
  return request.body as unknown as AsyncIterable<Uint8Array>;
}
