import { getDb } from "@/db";
import { findUserCredentials, setPassword } from "@/db/queries/users";
import { requireUser } from "@/lib/auth/guard";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { GoldsetError } from "@/lib/errors";
import { recordSignInFailure, signInBlockedUntil } from "@/db/queries/login-attempts";
import { ACCOUNT_THROTTLE, accountThrottleKey, throttleMessage } from "@/lib/auth/login-throttle";
import { readJson, respond } from "../../respond";
import { changeSchema } from "./schemas";

/** Any signed-in user changes their own password (also the one way out of a reset); every session of theirs ends. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser({ allowPendingPasswordChange: true });
    const input = changeSchema.parse(await readJson(request));
    const db = await getDb();
    // Guesses of the current password count against the account as failed sign-ins do, so a
    // session (a stolen cookie, say) cannot be used to find the password at argon2 speed.
    const keys = [{ key: accountThrottleKey(user.email), policy: ACCOUNT_THROTTLE }];
    const now = new Date();
    const blockedUntil = await signInBlockedUntil({ db, keys, now });
    if (blockedUntil > now.getTime()) throw new GoldsetError("too_many_requests", throttleMessage(blockedUntil, now.getTime()));
    const stored = await findUserCredentials({ db, email: user.email });
    if (!stored || !(await verifyPassword(stored.passwordHash, input.currentPassword))) {
      await recordSignInFailure({ db, keys, now });
      throw new GoldsetError("bad_request", "The current password is wrong.", [{ field: "currentPassword", message: "currentPassword: wrong password" }]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new GoldsetError("bad_request", "Choose a password different from the current one.", [
        { field: "newPassword", message: "newPassword: same as the current password" },
      ]);
    }
    await setPassword({ db, userId: user.id, passwordHash: await hashPassword(input.newPassword, user.email), reset: false, actorId: user.id });
    return { changed: true };
  });
}
