import { getDb } from "@/db";
import { createApiToken, listApiTokens } from "@/db/queries/api-tokens";
import { requireUser, TOKENS_CANNOT_MANAGE_TOKENS } from "@/lib/auth/guard";
import { readJson, respond } from "../../respond";
import { createTokenSchema } from "./schemas";
import { tokenView } from "./token-view";

const DAY_MS = 24 * 60 * 60 * 1000;

/** The caller's own access tokens, revoked and expired ones included. Not through a token. */
export async function GET() {
  return respond(async () => {
    const user = await requireUser({ tokenRefusal: TOKENS_CANNOT_MANAGE_TOKENS });
    return { tokens: (await listApiTokens({ db: await getDb(), userId: user.id })).map(tokenView) };
  });
}

/** Creates an access token for the caller; the answer carries its secret, shown this once. Not through a token. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser({ tokenRefusal: TOKENS_CANNOT_MANAGE_TOKENS });
    const input = createTokenSchema.parse(await readJson(request));
    const now = new Date();
    const db = await getDb();
    const { token, secret } = await createApiToken({
      db,
      user,
      name: input.name,
      projectSlugs: input.projects ?? null,
      maxRole: input.role,
      siteAdmin: input.siteAdmin,
      expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      actorId: user.id,
      now,
    });
    return { token: tokenView({ ...token, projectSlugs: input.projects ? [...new Set(input.projects)] : null }), secret };
  }, 201);
}
