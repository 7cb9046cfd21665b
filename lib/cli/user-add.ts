import { getDb } from "@/db";
import { createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { parseFlags, printJson, readSecret, requireFlag } from "./args";

const USAGE = "goldset user add --email E --name N [--admin]   (password from stdin or a prompt)";

export async function userAdd(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { email: { type: "string" }, name: { type: "string" }, admin: { type: "boolean", default: false } }, USAGE);
  const email = requireFlag(flags.email, "email", USAGE);
  const name = requireFlag(flags.name, "name", USAGE);
  const password = await readSecret(`Password for ${email}: `);
  const user = await createUser({ db: await getDb(), email, name, passwordHash: await hashPassword(password, email), isAdmin: flags.admin });
  printJson({ id: user.id, email: user.email, name: user.name, isAdmin: user.isAdmin });
  return 0;
}
