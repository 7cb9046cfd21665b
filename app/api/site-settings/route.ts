import { getDb } from "@/db";
import { getProjectCreationRule, setProjectCreationRule } from "@/db/queries/site-settings";
import { requireAdmin } from "@/lib/auth/guard";
import { readJson, respond } from "../respond";
import { siteSettingsSchema } from "./schemas";

/** The site settings; site admins only. */
export async function GET() {
  return respond(async () => {
    await requireAdmin();
    return { projectCreation: await getProjectCreationRule({ db: await getDb() }) };
  });
}

/** Changes the site settings (audited); site admins only. */
export async function PUT(request: Request) {
  return respond(async () => {
    const admin = await requireAdmin();
    const input = siteSettingsSchema.parse(await readJson(request));
    return { projectCreation: await setProjectCreationRule({ db: await getDb(), rule: input.projectCreation, actorId: admin.id }) };
  });
}
