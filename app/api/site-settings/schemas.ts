// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { projectCreationRuleSchema } from "@/lib/projects/project-creation-rule";

export const siteSettingsSchema = z.object({ projectCreation: projectCreationRuleSchema }).strict();
