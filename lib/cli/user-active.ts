import { getDb } from "@/db";
import { getUserByEmail, setUserActive } from "@/db/queries/users";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, printJson, requireFlag } from "./args";

/** `goldset user deactivate|reactivate --email E`: a deactivated user cannot sign in and loses every session at once. */
export function userActiveCommand(active: boolean) {
  const usage = `goldset user ${active ? "reactivate" : "deactivate"} --email E`;
  return async (argv: string[]): Promise<number> => {
    const flags = parseFlags(argv, { email: { type: "string" } }, usage);
    const email = requireFlag(flags.email, "email", usage);
    const db = await getDb();
    const user = await getUserByEmail({ db, email });
    if (!user) throw new GoldsetError("not_found", `no user with email ${email}`);
    const updated = await setUserActive({ db, userId: user.id, active, actorId: null });
    printJson({ email: updated.email, active: updated.deactivatedAt === null });
    return 0;
  };
}
