// Where to go after signing in or out: only a path on this site. Browsers read `/\host` as
// `//host` and drop tabs and newlines from URLs (`/%09/host`), so both would leave the site, and
// so would any path that only becomes `//host` once its dot segments are resolved.

export function safeCallbackPath(raw: string | null | undefined, fallback: string): string {
  if (!raw || !raw.startsWith("/") || raw.startsWith("//")) return fallback;
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return fallback;
  const base = "http://goldset.invalid";
  let url: URL;
  try {
    url = new URL(raw, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base) return fallback;
  // Dot segments resolve before the check above sees them: `/x/..//host` and `/.//host` become
  // `//host`, which a browser would follow off the site.
  if (url.pathname.startsWith("//") || url.pathname.startsWith("/\\")) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** next-auth's redirect callback: a path or a URL on `baseUrl`'s origin, anything else goes home. */
export function sameOriginRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  const origin = new URL(baseUrl).origin;
  if (url.startsWith("/")) return `${origin}${safeCallbackPath(url, "/")}`;
  try {
    const target = new URL(url);
    if (target.origin === origin) return `${origin}${safeCallbackPath(`${target.pathname}${target.search}${target.hash}`, "/")}`;
  } catch {
    // Not a URL: fall through to the site's home.
  }
  return origin;
}
