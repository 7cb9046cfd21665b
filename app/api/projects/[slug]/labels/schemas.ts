// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { labelSetSchema } from "@/lib/projects/project-input";

export const bodySchema = z.object({ labels: labelSetSchema });
