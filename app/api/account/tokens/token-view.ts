import type { ApiTokenListing } from "@/db/queries/api-tokens";
import type { TokenView } from "./schemas";

/** A token as the API shows it: no owner id, dates as ISO strings. */
export function tokenView(token: ApiTokenListing): TokenView {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    projectSlugs: token.projectSlugs,
    maxRole: token.maxRole,
    siteAdmin: token.siteAdmin,
    expiresAt: token.expiresAt.toISOString(),
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
    revokedAt: token.revokedAt?.toISOString() ?? null,
  };
}
