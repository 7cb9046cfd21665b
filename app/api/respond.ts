// The one place errors become HTTP responses. Messages are the user-facing ones from
// GoldsetError; anything unexpected is logged and answered with a generic 500.
import { ZodError } from "zod";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import { errorBody } from "@/lib/http/error-body";
import { limitedChunks, refuseDeclaredOversize } from "./body-limit";

export async function respond(work: () => Promise<unknown> | unknown, status = 200): Promise<Response> {
  try {
    const body = await work();
    return body instanceof Response ? body : Response.json(body, { status });
  } catch (error) {
    return errorResponse(error);
  }
}

export function errorResponse(error: unknown): Response {
  if (error instanceof GoldsetError) {
    return Response.json(errorBody(error.code, error.message, error.problems), { status: error.status });
  }
  if (error instanceof ZodError) {
    const problems = error.issues.map((i) => {
      const field = i.path.join(".") || "body";
      return { field, message: `${field}: ${i.message}` };
    });
    const summary = problems.map((p) => p.message).join("; ");
    return Response.json(errorBody("bad_request", `Invalid request: ${summary}`, problems), { status: 400 });
  }
  console.error(error);
  return Response.json(errorBody("internal", "Something went wrong on the server."), { status: 500 });
}

/** The JSON body, read up to GOLDSET_MAX_JSON_BYTES (413 beyond). */
export async function readJson(request: Request): Promise<unknown> {
  const limit = env().GOLDSET_MAX_JSON_BYTES;
  const what = "JSON body (GOLDSET_MAX_JSON_BYTES)";
  refuseDeclaredOversize(request, limit, what);
  if (!request.body) throw new GoldsetError("bad_request", "The request has no JSON body.");
  const decoder = new TextDecoder();
  let text = "";
  for await (const chunk of limitedChunks(request.body, limit, what)) text += decoder.decode(chunk, { stream: true });
  text += decoder.decode();
  try {
    return JSON.parse(text);
  } catch {
    throw new GoldsetError("bad_request", "The request body is not valid JSON.");
  }
}
