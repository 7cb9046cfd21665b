import "server-only";
import { auditLog } from "../schema";
import type { Db, Tx } from "../index";

export type AuditEntry = {
  projectId?: string | null;
  actorId?: string | null;
  action: string;
  targetType: string;
  targetId?: string | number | null;
  details?: Record<string, unknown>;
  /** When it happened, if the caller works on a clock of its own (tests, replays); else now. */
  at?: Date;
};

/** Called inside the writing transaction, so the audit row lands or vanishes with the change. */
export async function recordAudit(tx: Tx | Db, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({
    projectId: entry.projectId ?? null,
    actorId: entry.actorId ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId === undefined || entry.targetId === null ? null : String(entry.targetId),
    details: entry.details ?? {},
    createdAt: entry.at ?? new Date(),
  });
}
