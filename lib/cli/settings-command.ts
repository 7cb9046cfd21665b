import { getDb } from "@/db";
import { getProjectCreationRule, setProjectCreationRule } from "@/db/queries/site-settings";
import { GoldsetError } from "@/lib/errors";
import { PROJECT_CREATION_RULES, projectCreationRuleSchema } from "@/lib/projects/project-creation-rule";
import { parseFlags, printJson } from "./args";

const USAGE = `goldset settings project-creation [--set ${PROJECT_CREATION_RULES.join("|")}]`;

/** Shows who may create projects, or changes it with --set (audited, like the admin page). */
export async function projectCreationSetting(argv: string[]): Promise<number> {
  const flags = parseFlags(argv, { set: { type: "string" } }, USAGE);
  const db = await getDb();
  if (flags.set === undefined) {
    printJson({ projectCreation: await getProjectCreationRule({ db }) });
    return 0;
  }
  const rule = projectCreationRuleSchema.safeParse(flags.set);
  if (!rule.success) throw new GoldsetError("bad_request", `--set must be one of ${PROJECT_CREATION_RULES.join(", ")}, not "${flags.set}"\nusage: ${USAGE}`);
  printJson({ projectCreation: await setProjectCreationRule({ db, rule: rule.data, actorId: null }) });
  return 0;
}
