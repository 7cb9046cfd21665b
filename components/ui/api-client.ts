// JSON calls to the app's own API. Errors carry the server's message and field problems so the
// UI can show what went wrong and where.
export type ApiProblem = { line?: number; field?: string; message: string };

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: ApiProblem[] = [],
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export async function apiCall<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? (init.body === undefined ? "GET" : "POST"),
    headers: init.body === undefined ? undefined : { "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const payload = (await response.json().catch(() => null)) as { message?: string; problems?: ApiProblem[] } | null;
  if (!response.ok) {
    throw new ApiError(response.status, payload?.message ?? `Request failed (${response.status})`, payload?.problems ?? []);
  }
  return payload as T;
}
