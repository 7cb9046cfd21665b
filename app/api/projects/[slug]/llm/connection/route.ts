import { getDb } from "@/db";
import { getConnectionView, saveConnection } from "@/db/queries/llm-connection";
import { requireProjectAccess } from "@/lib/auth/guard";
import { connectionInputSchema } from "@/lib/llm/client/connection-input";
import { assertEndpointAllowed } from "@/lib/llm/client/guarded-lookup";
import { llmMasterSecret } from "@/lib/llm/secrets/master-secret";
import { readJson, respond } from "../../../../respond";

/** The connection without its key: where the key comes from, and a masked form of a stored one only. */
export async function GET(_request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { project } = await requireProjectAccess(slug, "runPrelabel", { allowArchived: true });
    const db = await getDb();
    return { connection: await getConnectionView({ db, projectId: project.id }) };
  });
}

/**
 * Saves the connection; a key in the body is sealed before it is stored and is never sent back. A
 * base URL on a host GOLDSET_LLM_ALLOWED_HOSTS does not allow is refused here, so the lead learns
 * it now rather than from a failed run.
 */
export async function PUT(request: Request, ctx: { params: Promise<{ slug: string }> }) {
  return respond(async () => {
    const { slug } = await ctx.params;
    const { user, project } = await requireProjectAccess(slug, "runPrelabel");
    const input = connectionInputSchema.parse(await readJson(request));
    await assertEndpointAllowed(input.baseUrl);
    return { connection: await saveConnection({ db: await getDb(), projectId: project.id, actorId: user.id, input, masterSecret: llmMasterSecret }) };
  });
}
