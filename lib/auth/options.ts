import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { revokeSessions } from "@/db/queries/users";
import { liveSessionUser } from "./live-session";
import { authSecret } from "./auth-secret";
import { clientAddress } from "./client-address";
import { signInWithPassword } from "./sign-in";
import { sameOriginRedirect } from "./callback-path";

const credentialsSchema = z.object({ email: z.string().email(), password: z.string().min(1) });

export function authOptions(): NextAuthOptions {
  return {
    secret: authSecret(),
    session: { strategy: "jwt", maxAge: 12 * 60 * 60 },
    pages: { signIn: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(raw, request) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const result = await signInWithPassword({
            db: await getDb(),
            email: parsed.data.email,
            password: parsed.data.password,
            address: clientAddress(request?.headers ?? {}),
          });
          if (result.ok) return { id: result.user.id, email: result.user.email, name: result.user.name, sessionVersion: result.user.sessionVersion };
          if (result.reason === "wrong_credentials") return null;
          // next-auth hands a thrown message to the sign-in form as the error.
          throw new Error(result.message);
        },
      }),
    ],
    callbacks: {
      redirect: sameOriginRedirect,
      // Only the user id and the session version travel in the token; roles, the account's state
      // and its current session version are read from the database on every request (guard.ts),
      // so a role change, a removal or a revocation takes effect at once.
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0;
          return token;
        }
        // A revoked or deactivated session is not renewed and shows nothing: next-auth answers an
        // error here with an empty session and clears the cookie.
        if (!(await liveSessionUser(token))) throw new Error("This session has ended.");
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") {
          Object.assign(session.user, { id: token.uid, sv: typeof token.sv === "number" ? token.sv : -1 });
        }
        return session;
      },
    },
    events: {
      // Signing out ends every session of the account, including copies of the cookie.
      async signOut({ token }) {
        // Only a live session may end the others: an old, already revoked copy of a cookie must
        // not be able to sign its owner out again and again.
        const user = await liveSessionUser(token);
        if (user) await revokeSessions({ db: await getDb(), userId: user.id });
      },
    },
  };
}
