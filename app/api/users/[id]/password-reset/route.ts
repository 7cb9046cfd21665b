import { randomBytes } from "node:crypto";
import { getDb } from "@/db";
import { getUserById, setPassword } from "@/db/queries/users";
import { requireAdmin } from "@/lib/auth/guard";
import { hashPassword } from "@/lib/auth/password";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../../respond";
import { resetSchema } from "./schemas";

/**
 * A site admin sets a temporary password (theirs, or a random one answered once): every session
 * of the user ends, and the user must choose a new password at their next sign-in.
 */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const admin = await requireAdmin();
    const { id } = await ctx.params;
    const input = resetSchema.parse(await readJson(request));
    const db = await getDb();
    const user = await getUserById({ db, id });
    if (!user) throw new GoldsetError("not_found", `No user with id ${id}.`);
    const temporaryPassword = input.temporaryPassword || randomBytes(12).toString("base64url");
    await setPassword({ db, userId: id, passwordHash: await hashPassword(temporaryPassword, user.email), reset: true, actorId: admin.id });
    return { email: user.email, temporaryPassword };
  });
}
