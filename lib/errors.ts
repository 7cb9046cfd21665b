// One error type for everything a user can act on. Route handlers turn it into a response in one
// place (app/api/respond.ts); the CLI prints its message and exits non-zero.
export type ErrorCode =
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "bad_request"
  | "conflict"
  | "invalid_import"
  | "payload_too_large"
  | "too_many_requests";

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  bad_request: 400,
  conflict: 409,
  invalid_import: 422,
  payload_too_large: 413,
  too_many_requests: 429,
};

/**
 * One thing wrong with the input. `message` is a complete sentence that already names its place
 * ("line 7: field \"text\" is empty"); `line` and `field` repeat the place for machines.
 */
export type Problem = { line?: number; field?: string; message: string };

export class GoldsetError extends Error {
  readonly code: ErrorCode;
  readonly problems: Problem[];

  constructor(code: ErrorCode, message: string, problems: Problem[] = []) {
    super(message);
    this.name = "GoldsetError";
    this.code = code;
    this.problems = problems;
  }

  get status(): number {
    return STATUS[this.code];
  }
}

/** Runs a choice that throws a plain Error on bad input, and reports that input as a bad request. */
export function asBadRequest<T>(choose: () => T): T {
  try {
    return choose();
  } catch (error) {
    if (error instanceof GoldsetError) throw error;
    throw new GoldsetError("bad_request", (error as Error).message);
  }
}
