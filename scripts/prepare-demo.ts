// `npm run demo` step: migrate the embedded database, seed it when empty (marking it as a demo
// instance), print the logins. `npm start` never seeds.
import { join } from "node:path";
import { getDb } from "@/db";
import { seedDemo } from "@/db/seed-demo";
import { env } from "@/lib/env";

const db = await getDb();
const logins = await seedDemo({ db, dataDir: join(process.cwd(), "db", "demo") });
const port = process.env.PORT ?? "3000";
console.log(`\nGoldset database: ${env().GOLDSET_DB}${logins ? " (new, seeded with the demo project)" : ""}`);
console.log(`Open http://localhost:${port} and sign in as one of:`);
for (const l of logins ?? []) {
  const note = l.role === "site admin" ? " (choose a new one at first sign-in)" : "";
  console.log(`  ${l.role.padEnd(11)} ${l.email.padEnd(26)} password: ${l.password}${note}`);
}
if (!logins) console.log("  (the users already in this database; the demo logins are in README.md)");
console.log("");
