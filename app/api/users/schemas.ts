// The request schemas of this route: route.ts validates with them and lib/api/openapi documents them.
import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "@/lib/auth/password";

export const newUserSchema = z.object({
  email: z.string().trim().email(),
  name: z.string().trim().min(1).max(120),
  password: z.string().min(MIN_PASSWORD_LENGTH, `password needs at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  isAdmin: z.boolean().default(false),
});
