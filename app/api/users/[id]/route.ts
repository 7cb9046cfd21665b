import { getDb } from "@/db";
import { setUserActive } from "@/db/queries/users";
import { requireAdmin } from "@/lib/auth/guard";
import { readJson, respond } from "../../respond";
import { updateSchema } from "./schemas";

/** A site admin deactivates (ending every session at once) or reactivates an account. */
export async function PATCH(request: Request, ctx: { params: Promise<{ id: string }> }) {
  return respond(async () => {
    const admin = await requireAdmin();
    const { id } = await ctx.params;
    const input = updateSchema.parse(await readJson(request));
    return { user: await setUserActive({ db: await getDb(), userId: id, active: input.active, actorId: admin.id }) };
  });
}
