// An optimistic check only: signed-out visitors are sent to the login page before any page
// renders. Every page and route handler still checks the session and role on the server.
import { NextResponse, type NextRequest } from "next/server";
import { getToken } from "next-auth/jwt";
import { authSecret } from "@/lib/auth/auth-secret";

export async function proxy(request: NextRequest) {
  const token = await getToken({ req: request, secret: authSecret() }).catch(() => null);
  if (token) return NextResponse.next();
  const login = new URL("/login", request.url);
  login.searchParams.set("callbackUrl", request.nextUrl.pathname);
  return NextResponse.redirect(login);
}

export const config = {
  matcher: ["/projects/:path*", "/admin/:path*"],
};
