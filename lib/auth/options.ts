import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { z } from "zod";
import { getDb } from "@/db";
import { findUserCredentials } from "@/db/queries/users";
import { verifyPassword } from "./password";
import { authSecret } from "./auth-secret";
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
        async authorize(raw) {
          const parsed = credentialsSchema.safeParse(raw);
          if (!parsed.success) return null;
          const user = findUserCredentials({ db: getDb(), email: parsed.data.email });
          if (!user || !(await verifyPassword(user.passwordHash, parsed.data.password))) return null;
          return { id: user.id, email: user.email, name: user.name };
        },
      }),
    ],
    callbacks: {
      redirect: sameOriginRedirect,
      // Only the user id travels in the token; roles are read from the database on every request,
      // so a role change or removal takes effect at once.
      jwt({ token, user }) {
        if (user) token.uid = user.id;
        return token;
      },
      session({ session, token }) {
        if (session.user && typeof token.uid === "string") (session.user as { id?: string }).id = token.uid;
        return session;
      },
    },
  };
}
