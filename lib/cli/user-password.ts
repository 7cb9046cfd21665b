import { getDb } from "@/db";
import { getUserByEmail, setPassword } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, printJson, readSecret, requireFlag } from "./args";

const USAGE = "goldset user password --email E [--temporary]   (password from stdin or a prompt)";

/**
 * Sets a user's password and ends their sessions. `--temporary` is an admin reset: the user must
 * choose a new password at their next sign-in.
 */
export async function userPassword(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { email: { type: "string" }, temporary: { type: "boolean", default: false } }, USAGE);
  const email = requireFlag(flags.email, "email", USAGE);
  const db = await getDb();
  const user = await getUserByEmail({ db, email });
  if (!user) throw new GoldsetError("not_found", `no user with email ${email}`);
  const password = await readSecret(`New password for ${user.email}: `);
  await setPassword({ db, userId: user.id, passwordHash: await hashPassword(password, user.email), reset: flags.temporary, actorId: null });
  printJson({ email: user.email, mustChangePassword: flags.temporary, sessionsEnded: true });
  return 0;
}
