import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

// Without NEXTAUTH_URL, next-auth would build its redirects (sign-out included) on
// http://localhost:3000; trusting the request's Host makes them work on any host and port. The
// redirect callback still keeps every target on that origin. NEXTAUTH_URL, when set, wins.
process.env.AUTH_TRUST_HOST ??= "1";

function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, ctx);
}

export { handler as GET, handler as POST };
