// The request hook. For pages: a fresh CSP nonce per request, and signed-out visitors sent to the
// login page (an optimistic check only: every page and route handler still checks the session and
// role on the server). For API writes: the cross-site request and size checks.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/auth-secret";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/http/content-security-policy";
import { crossSiteRefusal } from "@/lib/http/cross-site-request";
import { errorBody } from "@/lib/http/error-body";

const SIGNED_IN_AREAS = ["/projects", "/admin"];

export async function proxy(request: NextRequest) {
  const { pathname } = request.nextUrl;
  if (pathname.startsWith("/api/")) return guardApi(request);
  if (SIGNED_IN_AREAS.some((area) => pathname === area || pathname.startsWith(`${area}/`))) {
    const token = await getToken({ req: request, secret: authSecret() }).catch(() => null);
    if (!token) {
      // request.url carries the address the server listens on; Next turns a redirect on that
      // origin into a relative Location, so the browser stays on the host it used.
      const login = new URL("/login", request.url);
      login.searchParams.set("callbackUrl", pathname);
      return NextResponse.redirect(login);
    }
  }
  return withContentSecurityPolicy(request);
}

function guardApi(request: NextRequest): NextResponse {
  const refusal = crossSiteRefusal({ method: request.method, pathname: request.nextUrl.pathname, headers: request.headers, publicUrl: env().NEXTAUTH_URL, trustProxy: env().GOLDSET_TRUST_PROXY === "1" });
  if (refusal) return NextResponse.json(errorBody("forbidden", refusal), { status: 403 });
  // Refused here, before Next buffers the body for the route (route handlers also stop reading at the limit).
  const limit = env().GOLDSET_MAX_JSON_BYTES;
  if (Number(request.headers.get("content-length") ?? "0") > limit) {
    return NextResponse.json(errorBody("payload_too_large", `The JSON body is larger than the limit of ${limit} bytes (GOLDSET_MAX_JSON_BYTES).`), { status: 413 });
  }
  return NextResponse.next();
}

/** Next.js reads the nonce from the request's CSP header and puts it on its own scripts. */
function withContentSecurityPolicy(request: NextRequest): NextResponse {
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const policy = contentSecurityPolicy(nonce, { development: process.env.NODE_ENV === "development" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("content-security-policy", policy);
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("content-security-policy", policy);
  return response;
}

export const config = {
  matcher: [
    // Every page, but not static files: the public wasm, served models and Next's own assets.
    "/((?!api/|_next/static|_next/image|favicon.ico|ort/|models/).*)",
    // API routes, except the uploads: the proxy would buffer their files in memory. They run the
    // same cross-site check themselves (app/api/uploaded-body.ts).
    "/api/((?!(?:v1/)?projects/[^/]+/(?:import|import-annotations|predictions)/?$).*)",
  ],
};
