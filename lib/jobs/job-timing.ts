// The job runner's default timing, in one place: the environment's defaults (lib/env.ts) and the
// runner's own (for callers that pass none, such as tests) are the same numbers.

/** How long a job's claim holds without a heartbeat. */
export const DEFAULT_JOB_LEASE_MS = 60_000;

/** How often an idle runner looks for jobs other processes queued. */
export const DEFAULT_JOB_POLL_MS = 5_000;
