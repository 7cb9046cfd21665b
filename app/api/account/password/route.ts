import { z } from "zod";
import { getDb } from "@/db";
import { findUserCredentials, setPassword } from "@/db/queries/users";
import { requireUser } from "@/lib/auth/guard";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { GoldsetError } from "@/lib/errors";
import { readJson, respond } from "../../respond";

const changeSchema = z.object({ currentPassword: z.string().min(1).max(200), newPassword: z.string().max(200) });

/** Any signed-in user changes their own password (also the one way out of a reset); every session of theirs ends. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser({ allowPendingPasswordChange: true });
    const input = changeSchema.parse(await readJson(request));
    const db = getDb();
    const stored = findUserCredentials({ db, email: user.email });
    if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
      throw new GoldsetError("bad_request", "The current password is wrong.", [{ field: "currentPassword", message: "currentPassword: wrong password" }]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new GoldsetError("bad_request", "Choose a password different from the current one.", [{ field: "newPassword", message: "newPassword: same as the current password" }]);
    }
    setPassword({ db, userId: user.id, passwordHash: await hashPassword(input.newPassword, user.email), reset: false, actorId: user.id });
    return { changed: true };
  });
}
