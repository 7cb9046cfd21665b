// What an archived project refuses, said the same way by the web guard (lib/auth/guard.ts) and the
// CLI's commands that change a project.
import { GoldsetError } from "@/lib/errors";

export const ARCHIVED_REFUSAL =
  "This project is archived, so it is read-only: nothing can be labelled, reviewed, imported or changed. A lead can unarchive it (Settings, Project).";

/** Throws a conflict (409) when the project is archived. */
export function refuseWhileArchived(project: { archivedAt: Date | null }): void {
  if (project.archivedAt) throw new GoldsetError("conflict", ARCHIVED_REFUSAL);
}
