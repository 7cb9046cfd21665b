// Personal access tokens, the pure part: the secret's format, what is stored of it, how it is
// read from an Authorization header, and how a token's role cap meets a member's role.
import { createHash, randomBytes } from "node:crypto";
import type { ProjectRole } from "@/db/schema";

export const TOKEN_PREFIX = "gst_";
/** The characters after gst_ kept in clear: enough to recognise a token in a list, too few to use it. */
const SHOWN_CHARS = 8;
export const MAX_TOKEN_DAYS = 365;
export const DEFAULT_TOKEN_DAYS = 90;

/** A fresh secret: gst_ and 32 random bytes in base64url (43 characters). */
export function newTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
}

/** What the database keeps instead of the secret: its SHA-256, hex. */
export function tokenHash(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function tokenPrefix(secret: string): string {
  return secret.slice(TOKEN_PREFIX.length, TOKEN_PREFIX.length + SHOWN_CHARS);
}

/**
 * The token in an `Authorization: Bearer <token>` header; "" when the header names the Bearer
 * scheme with nothing usable after it (still a Bearer request, to be refused), null without one.
 */
export function bearerSecret(authorization: string | null | undefined): string | null {
  if (!authorization) return null;
  const match = /^\s*bearer(?:\s+(.*))?$/i.exec(authorization);
  if (!match) return null;
  return (match[1] ?? "").trim();
}

const RANK: Record<ProjectRole, number> = { annotator: 0, reviewer: 1, lead: 2 };

/** The lower of two roles (lead > reviewer > annotator): a member's role under a token's cap. */
export function lowerRole(role: ProjectRole, cap: ProjectRole): ProjectRole {
  return RANK[role] <= RANK[cap] ? role : cap;
}
