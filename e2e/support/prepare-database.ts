// Runs before the web server starts: migrates the throwaway database and creates the accounts.
import { getDb } from "@/db";
import { countUsers, createUser } from "@/db/queries/users";
import { hashPassword } from "@/lib/auth/password";
import { PEOPLE } from "./people";

const db = await getDb();
if ((await countUsers({ db })) === 0) {
  for (const p of Object.values(PEOPLE)) {
    await createUser({ db, email: p.email, name: p.name, passwordHash: await hashPassword(p.password), isAdmin: p.isAdmin });
  }
}
console.log(`e2e database ready at ${process.env.GOLDSET_DB}`);
