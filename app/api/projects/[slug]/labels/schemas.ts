// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { labelListSchema } from "@/lib/projects/project-input";

// How many labels of which kind the project needs depends on its task type: saveLabels checks it.
export const bodySchema = z.object({ labels: labelListSchema });
