import "server-only";

/**
 * Whether two base URLs name the same endpoint once URL parsing has normalised them (host case,
 * default port, `127.1` and other IPv4 spellings) and a trailing slash is ignored. Keys are bound
 * to an endpoint with this: the environment's key to GOLDSET_LLM_BASE_URL, a stored key to the
 * base URL it was entered with. Anything that does not parse is the same as nothing.
 */
export function sameEndpoint(a: string, b: string): boolean {
  const left = normalisedEndpoint(a);
  return left !== null && left === normalisedEndpoint(b);
}

function normalisedEndpoint(value: string): string | null {
  if (!URL.canParse(value.trim())) return null;
  const url = new URL(value.trim());
  url.hash = "";
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url.href;
}
