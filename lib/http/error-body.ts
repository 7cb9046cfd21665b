// The one JSON shape of every error the API answers (respond.ts, the proxy's refusals): a code a
// script can branch on, a sentence a person can act on, the first field at fault, and every
// problem found (file imports add the line). lib/api/openapi/error-schema.ts documents it.
import type { ErrorCode, Problem } from "@/lib/errors";

export type ErrorBody = { error: ErrorCode | "internal"; message: string; field?: string; problems?: Problem[] };

export function errorBody(code: ErrorBody["error"], message: string, problems: readonly Problem[] = []): ErrorBody {
  const field = problems.find((p) => p.field !== undefined)?.field;
  return { error: code, message, ...(field !== undefined && { field }), ...(problems.length > 0 && { problems: [...problems] }) };
}
