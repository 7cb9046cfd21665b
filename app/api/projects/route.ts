import { getDb } from "@/db";
import { createProject, listProjectsForUser } from "@/db/queries/projects";
import { userMayCreateProjects } from "@/db/queries/site-settings";
import { lowerRole } from "@/lib/auth/access-token";
import { requireCaller, tokenCoversProject } from "@/lib/auth/guard";
import { GoldsetError } from "@/lib/errors";
import { newProjectSchema } from "@/lib/projects/project-input";
import { readJson, respond } from "../respond";

export async function GET() {
  return respond(async () => {
    const { user, token } = await requireCaller();
    const projects = await listProjectsForUser({ db: await getDb(), userId: user.id, isAdmin: user.isAdmin });
    // Through a token: only the projects in its scope, each with the role the token leaves.
    return {
      projects: projects
        .filter((p) => tokenCoversProject(token, p.id))
        .map((p) => (token && p.role ? { ...p, role: lowerRole(p.role, token.maxRole) } : p)),
    };
  });
}

/** Starts a project, whose creator becomes its lead, if the site's project-creation rule allows the caller. */
export async function POST(request: Request) {
  return respond(async () => {
    const { user, token } = await requireCaller();
    // The creator becomes the new project's lead: a token limited to some projects or to a lower role cannot give itself that.
    if (token && (token.projectIds !== null || token.maxRole !== "lead")) {
      throw new GoldsetError("forbidden", "Only an access token for all your projects with the lead role can create projects.");
    }
    if (!(await userMayCreateProjects({ db: await getDb(), user }))) {
      throw new GoldsetError("forbidden", "You may not create projects on this site: ask a site admin to create one, or to make you the lead of one.");
    }
    const input = newProjectSchema.parse(await readJson(request));
    const project = await createProject({
      db: await getDb(),
      name: input.name,
      slug: input.slug,
      taskType: input.taskType,
      labelDefs: input.labels,
      guidelines: input.guidelines,
      overlap: input.overlap,
      createdBy: user.id,
      spanSettings: input.spans,
    });
    return { project };
  }, 201);
}
