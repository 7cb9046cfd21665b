import { getDb } from "@/db";
import { revokeApiToken } from "@/db/queries/api-tokens";
import { requireUser, TOKENS_CANNOT_MANAGE_TOKENS } from "@/lib/auth/guard";
import { respond } from "../../../respond";

/** Revokes one of the caller's tokens (a site admin: anyone's), at once. Not through a token. */
export async function DELETE(_request: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const user = await requireUser({ tokenRefusal: TOKENS_CANNOT_MANAGE_TOKENS });
    const { id } = await ctx.params;
    const token = await revokeApiToken({ db: await getDb(), id, actor: { id: user.id, isAdmin: user.isAdmin } });
    return { revoked: { id: token.id, revokedAt: token.revokedAt!.toISOString() } };
  });
}
