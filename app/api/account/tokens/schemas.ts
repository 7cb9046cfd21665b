// The access-token routes' bodies and answers, as named exports for the OpenAPI document.
import { z } from "zod";
import { PROJECT_ROLES } from "@/db/schema";
import { DEFAULT_TOKEN_DAYS, MAX_TOKEN_DAYS } from "@/lib/auth/access-token";

export const createTokenSchema = z.object({
  name: z.string().trim().min(1, "give the token a name").max(100),
  /** Project slugs; left out: every project of the user's, present and future. */
  projects: z.array(z.string().min(1).max(200)).min(1, "name at least one project, or leave projects out for all").max(1000).optional(),
  role: z.enum(PROJECT_ROLES),
  expiresInDays: z.number().int().min(1).max(MAX_TOKEN_DAYS).default(DEFAULT_TOKEN_DAYS),
  siteAdmin: z.boolean().default(false),
});
export type CreateTokenInput = z.infer<typeof createTokenSchema>;

export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** The 8 characters after gst_, to recognise the token by. */
  prefix: z.string(),
  /** Slugs; null: all the user's projects. */
  projectSlugs: z.array(z.string()).nullable(),
  maxRole: z.enum(PROJECT_ROLES),
  siteAdmin: z.boolean(),
  expiresAt: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type TokenView = z.infer<typeof tokenSchema>;

export const tokenListSchema = z.object({ tokens: z.array(tokenSchema) });
/** The answer to a creation: the secret appears here once and never again. */
export const createdTokenSchema = z.object({ token: tokenSchema, secret: z.string() });
