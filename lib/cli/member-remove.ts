import { getDb } from "@/db";
import { getProjectBySlug } from "@/db/queries/projects";
import { removeMember } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const USAGE = "goldset member remove --project S --email E";

export async function memberRemove(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { project: { type: "string" }, email: { type: "string" } }, USAGE);
  const slug = requireFlag(flags.project, "project", USAGE);
  const email = requireFlag(flags.email, "email", USAGE);
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);
  const user = await getUserByEmail({ db, email });
  if (!user) throw new GoldsetError("not_found", `no user with email ${email}`);
  await removeMember({ db, projectId: project.id, userId: user.id, actorId: null });
  printJson({ project: slug, email: user.email, removed: true });
  return 0;
}
