// CSRF: a state-changing request is refused unless it comes from the app's own origin and carries
// a body type that an HTML form on another site cannot send. Pure, for the proxy and the upload
// routes (which the proxy does not see, so that it never buffers a file).

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);
// With or without the stable /api/v1 prefix (next.config.mjs rewrites it onto /api).
const UPLOAD_ROUTE = /^\/api\/(?:v1\/)?projects\/[^/]+\/(?:import|import-annotations|predictions)\/?$/;

export type RequestFacts = {
  method: string;
  pathname: string;
  headers: Headers;
  /** NEXTAUTH_URL when set: the public origin behind a proxy that rewrites Host. */
  publicUrl?: string;
  /**
   * GOLDSET_TRUST_PROXY=1: a proxy the operator controls sets X-Forwarded-Host. Otherwise the
   * header says whatever the client put in it, so it cannot vouch for an origin.
   */
  trustProxy: boolean;
};

export function isUploadRoute(pathname: string): boolean {
  return UPLOAD_ROUTE.test(pathname);
}

/** Why the request must be refused (403), or null when it may go on. */
export function crossSiteRefusal({ method, pathname, headers, publicUrl, trustProxy }: RequestFacts): string | null {
  if (SAFE_METHODS.has(method.toUpperCase())) return null;
  const origin = headers.get("origin");
  if (origin !== null) {
    if (!ownHosts(headers, publicUrl, trustProxy).has(hostOf(origin) ?? "")) return `Requests from ${origin} are not accepted: use the app's own pages.`;
  } else {
    // Browsers send Origin on every cross-site POST; without it, Fetch Metadata still tells.
    const site = headers.get("sec-fetch-site");
    if (site !== null && site !== "same-origin" && site !== "none") return `Cross-site requests (${site}) are not accepted.`;
  }
  // next-auth's own forms are posted form-encoded with its CSRF token; the origin check is enough.
  if (pathname.startsWith("/api/auth/")) return null;
  return bodyTypeRefusal(pathname, headers);
}

function bodyTypeRefusal(pathname: string, headers: Headers): string | null {
  const type = (headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type === "") return hasBody(headers) ? "Send the body as application/json." : null;
  if (isUploadRoute(pathname)) {
    // Not multipart/form-data: a plain HTML form can post that from another site, and the
    // routes read the body as the file itself.
    return type === "application/octet-stream" ? null : "Upload the file as application/octet-stream.";
  }
  return type === "application/json" ? null : `Send the body as application/json, not ${type}.`;
}

function hasBody(headers: Headers): boolean {
  return headers.has("transfer-encoding") || Number(headers.get("content-length") ?? "0") > 0;
}

function ownHosts(headers: Headers, publicUrl: string | undefined, trustProxy: boolean): Set<string> {
  const hosts = new Set<string>();
  const host = headers.get("host");
  if (host) hosts.add(host.trim().toLowerCase());
  // The last entry: the one the trusted proxy wrote, whether it replaced the header or appended to it.
  const forwarded = trustProxy ? headers.get("x-forwarded-host")?.split(",").at(-1)?.trim() : undefined;
  if (forwarded) hosts.add(forwarded.toLowerCase());
  const configured = publicUrl ? hostOf(publicUrl) : null;
  if (configured) hosts.add(configured);
  return hosts;
}

function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host.toLowerCase() : null;
  } catch {
    return null;
  }
}
