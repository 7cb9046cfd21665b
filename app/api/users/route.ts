import { getDb } from "@/db";
import { createUser, listUsers } from "@/db/queries/users";
import { requireAdmin } from "@/lib/auth/guard";
import { hashPassword } from "@/lib/auth/password";
import { readJson, respond } from "../respond";
import { newUserSchema } from "./schemas";

export async function GET() {
  return respond(async () => {
    await requireAdmin();
    return { users: await listUsers({ db: await getDb() }) };
  });
}

export async function POST(request: Request) {
  return respond(async () => {
    const admin = await requireAdmin();
    const input = newUserSchema.parse(await readJson(request));
    const user = await createUser({
      db: await getDb(),
      email: input.email,
      name: input.name,
      passwordHash: await hashPassword(input.password, input.email),
      isAdmin: input.isAdmin,
      actorId: admin.id,
    });
    return { user };
  }, 201);
}
