// The environment, validated once. Everything else reads settings from here, never process.env.
import { z } from "zod";
import { DEFAULT_JOB_LEASE_MS, DEFAULT_JOB_POLL_MS } from "@/lib/jobs/job-timing";

const envSchema = z.object({
  GOLDSET_DB: z.string().min(1).default("./data/goldset.db"),
  /** A PostgreSQL database (postgres://user:password@host:port/name) instead of the SQLite file GOLDSET_DB. */
  GOLDSET_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//i, "must be a postgres:// or postgresql:// URL")
    .optional(),
  GOLDSET_MIGRATIONS_DIR: z.string().min(1).optional(),
  GOLDSET_EXPORTS_DIR: z.string().min(1).default("./data/exports"),
  GOLDSET_MODELS_DIR: z.string().min(1).default("./models"),
  GOLDSET_ALLOW_REMOTE_MODELS: z.enum(["0", "1"]).default("0"),
  GOLDSET_MAX_TEXT_BYTES: z.coerce.number().int().positive().default(100_000),
  // Request bodies: JSON to any route, and a file uploaded to an import route (refused with 413).
  GOLDSET_MAX_JSON_BYTES: z.coerce.number().int().positive().default(512 * 1024),
  GOLDSET_MAX_UPLOAD_BYTES: z.coerce.number().int().positive().default(50 * 1024 * 1024),
  /** An item file with at least this many items is stored by a background job: the upload answers 202 with it. */
  GOLDSET_IMPORT_JOB_ITEMS: z.coerce.number().int().positive().default(20_000),
  /**
   * How long a job's claim holds without a heartbeat (the runner heartbeats every quarter of it):
   * after an instance dies, its jobs wait this long before another instance takes them over.
   */
  GOLDSET_JOB_LEASE_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(DEFAULT_JOB_LEASE_MS),
  /** How often an idle job runner looks for jobs queued by other processes (its own wake it at once). */
  GOLDSET_JOB_POLL_MS: z.coerce.number().int().min(50).max(600_000).default(DEFAULT_JOB_POLL_MS),
  GOLDSET_DEMO: z.enum(["0", "1"]).default("0"),
  GOLDSET_TRUST_PROXY: z.enum(["0", "1"]).default("0"),
  GOLDSET_DATASETS: z.string().default("../shared/datasets"),
  GOLDSET_LLM_BASE_URL: z.string().url().optional(),
  GOLDSET_LLM_MODEL: z.string().optional(),
  GOLDSET_LLM_API_KEY: z.string().optional(),
  /** Inward hosts LLM requests may reach besides public ones; see lib/llm/client/outbound-host-policy.ts. */
  GOLDSET_LLM_ALLOWED_HOSTS: z.string().optional(),
  GOLDSET_SECRET: z.string().optional(),
  NEXTAUTH_SECRET: z.string().optional(),
  NEXTAUTH_URL: z.string().url().optional(),
});

export type GoldsetEnv = z.infer<typeof envSchema>;

/** `.env.example` copied to `.env` leaves variables empty: an empty value means "not set", so the default applies. */
export function withoutEmptyValues(source: Record<string, string | undefined>): Record<string, string> {
  const set: Record<string, string> = {};
  for (const [key, value] of Object.entries(source)) {
    if (value !== undefined && value.trim() !== "") set[key] = value;
  }
  return set;
}

let cached: GoldsetEnv | undefined;

export function env(): GoldsetEnv {
  if (!cached) {
    const parsed = envSchema.safeParse(withoutEmptyValues(process.env));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
      throw new Error(`Invalid environment: ${problems}`);
    }
    cached = parsed.data;
  }
  return cached;
}
