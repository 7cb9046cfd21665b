import { z } from "zod";
import { getDb } from "@/db";
import { createUser, listUsers } from "@/db/queries/users";
import { requireAdmin } from "@/lib/auth/guard";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { readJson, respond } from "../respond";

const newUserSchema = z.object({
  email: z.string().trim().email(),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(MIN_PASSWORD_LENGTH, `password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  isAdmin: z.boolean().default(false),
});

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
