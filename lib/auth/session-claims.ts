// The claims of the request's session cookie (the user id and session version the jwt callback in
// options.ts puts there), read the way next-auth reads them. next-auth's getServerSession does
// more per call than a route needs: it sets up its whole handler (CSRF token included), decrypts
// the token, runs the jwt callback (a database read of the account) and encrypts a renewed token
// that a route handler cannot even send back. The guards ask the database whether the session is
// still live themselves (live-session.ts), so the claims are all they need.
import "server-only";
import { cookies, headers } from "next/headers";
import { decode, getToken, type JWT } from "next-auth/jwt";
import { bearerSecret } from "./access-token";
import { authSecret } from "./auth-secret";

// Decrypting a token is a key derivation and an AES-GCM decryption, and a session sends the same
// token with every request: its claims are kept by token text until they expire. Only the claims:
// whether the account is active and the session not revoked is read from the database every time.
const CACHE_SIZE = 10_000;
// jose's clock tolerance in next-auth's decode.
const CLOCK_TOLERANCE_S = 15;
const claimsByToken = new Map<string, { secret: string; claims: JWT }>();

function expired(claims: JWT, nowMs: number): boolean {
  return typeof claims.exp === "number" && claims.exp + CLOCK_TOLERANCE_S < nowMs / 1000;
}

/** next-auth's decode, once per token and secret. */
export async function decodeOnce({ token, secret }: { token?: string; secret: string | Buffer }): Promise<JWT | null> {
  if (!token) return null;
  const key = String(secret);
  const cached = claimsByToken.get(token);
  if (cached && cached.secret === key) {
    if (!expired(cached.claims, Date.now())) return cached.claims;
    claimsByToken.delete(token);
    return null;
  }
  const claims = await decode({ token, secret });
  if (!claims) return null;
  if (claimsByToken.size >= CACHE_SIZE) claimsByToken.delete(claimsByToken.keys().next().value!);
  claimsByToken.set(token, { secret: key, claims });
  return claims;
}

/**
 * The request's credentials, read in this one place: `{ bearer: <token> }` when the request has an
 * `Authorization: Bearer` header (then the cookie is not read at all: the token alone decides),
 * else the session cookie's claims, or null when there is none or it does not decrypt or has expired.
 */
export async function sessionClaims(): Promise<Record<string, unknown> | null> {
  const bearer = bearerSecret((await headers()).get("authorization"));
  if (bearer !== null) return { bearer };
  const jar = await cookies();
  const req = { cookies: Object.fromEntries(jar.getAll().map((c) => [c.name, c.value])), headers: {} };
  // getToken finds the cookie under next-auth's name (the __Secure- one behind https) and joins a
  // token split over several cookies, as next-auth's own handler does.
  return await getToken({ req: req as unknown as Parameters<typeof getToken>[0]["req"], secret: authSecret(), decode: decodeOnce });
}
