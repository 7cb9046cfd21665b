import { getDb } from "@/db";
import { createProject, listProjectsForUser } from "@/db/queries/projects";
import { requireUser } from "@/lib/auth/guard";
import { newProjectSchema } from "@/lib/projects/project-input";
import { readJson, respond } from "../respond";

export async function GET() {
  return respond(async () => {
    const user = await requireUser();
    return { projects: listProjectsForUser({ db: getDb(), userId: user.id, isAdmin: user.isAdmin }) };
  });
}

/** Any signed-in user may start a project; they become its lead. */
export async function POST(request: Request) {
  return respond(async () => {
    const user = await requireUser();
    const input = newProjectSchema.parse(await readJson(request));
    const project = createProject({
      db: getDb(),
      name: input.name,
      slug: input.slug,
      taskType: input.taskType,
      labelDefs: input.labels,
      guidelines: input.guidelines,
      overlap: input.overlap,
      createdBy: user.id,
    });
    return { project };
  }, 201);
}
