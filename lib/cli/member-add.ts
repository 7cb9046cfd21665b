import { getDb } from "@/db";
import { getProjectBySlug } from "@/db/queries/projects";
import { setMemberRole } from "@/db/queries/memberships";
import { getUserByEmail } from "@/db/queries/users";
import { PROJECT_ROLES, type ProjectRole } from "@/db/schema";
import { GoldsetError } from "@/lib/errors";
import { parseFlags, printJson, requireFlag } from "./args";
import { refuseWhileArchived } from "@/lib/projects/project-lifecycle";

const USAGE = "goldset member add --project S --email E --role lead|reviewer|annotator";

export async function memberAdd(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { project: { type: "string" }, email: { type: "string" }, role: { type: "string" } }, USAGE);
  const slug = requireFlag(flags.project, "project", USAGE);
  const email = requireFlag(flags.email, "email", USAGE);
  const role = requireFlag(flags.role, "role", USAGE);
  if (!PROJECT_ROLES.includes(role as ProjectRole)) throw new GoldsetError("bad_request", `--role must be one of ${PROJECT_ROLES.join(", ")}, not "${role}"`);
  const db = await getDb();
  const project = await getProjectBySlug({ db, slug });
  if (!project) throw new GoldsetError("not_found", `no project with slug "${slug}"`);
  refuseWhileArchived(project);
  const user = await getUserByEmail({ db, email });
  if (!user) throw new GoldsetError("not_found", `no user with email ${email}: create it with 'goldset user add' first`);
  await setMemberRole({ db, projectId: project.id, userId: user.id, role: role as ProjectRole, actorId: null });
  printJson({ project: slug, email: user.email, role });
  return 0;
}
