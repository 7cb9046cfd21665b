// A lead's changes to a project's labels: add, rename, retire, merge, revert a merge, reorder,
// and edit hotkey, colour and description. Renames and merges record aliases instead of rewriting
// stored names (docs/decisions/0006-label-aliases.md). Every change bumps the label set version
// and is audited in its transaction; the caller re-resolves the project's items after a change
// of how names read (rename, merge, revert).
import "server-only";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { labelAliases, labels, projects } from "../schema";
import type { Db, Tx } from "../index";
import { recordAudit } from "./audit";
import { projectLabelsAndAliases } from "./label-names";
import { GoldsetError } from "@/lib/errors";
import { mergeRefusal, nameTakenRefusal, renameRefusal } from "@/lib/projects/label-names";
import { hotkeyRefusal } from "@/lib/projects/label-hotkeys";

export type ManagedLabel = {
  id: number;
  name: string;
  description: string;
  hotkey: string | null;
  color: string;
  position: number;
  retired: boolean;
  /** The label this one is merged into (by a merge in force), by name. */
  mergedInto: string | null;
  /** Old names that read as this label (renames and merges in force). */
  aliases: string[];
};

export type LabelChange =
  | { action: "add"; name: string; description?: string; hotkey?: string | null; color?: string }
  | { action: "rename"; labelId: number; name: string }
  | { action: "retire"; labelId: number }
  | { action: "unretire"; labelId: number }
  | { action: "merge"; labelId: number; intoLabelId: number }
  | { action: "revertMerge"; labelId: number }
  | { action: "move"; labelId: number; direction: "up" | "down" }
  | { action: "edit"; labelId: number; description?: string; hotkey?: string | null; color?: string };

/** Whether a change alters how stored names read, so stored resolutions must be recomputed. */
export function changesReadings(change: LabelChange): boolean {
  return change.action === "rename" || change.action === "merge" || change.action === "revertMerge";
}

export async function listManagedLabels({ db, projectId }: { db: Db | Tx; projectId: string }): Promise<ManagedLabel[]> {
  const rows = await db.select().from(labels).where(eq(labels.projectId, projectId)).orderBy(asc(labels.position), asc(labels.id));
  const { aliases } = await projectLabelsAndAliases({ db, projectId });
  const byId = new Map(rows.map((l) => [l.id, l]));
  const nameOf = new Map(rows.map((l) => [l.name, l.id]));
  return rows.map((l) => {
    const merge = aliases.find((a) => a.kind === "merge" && a.name === l.name && a.labelId !== l.id);
    return {
      id: l.id,
      name: l.name,
      description: l.description,
      hotkey: l.hotkey,
      color: l.color,
      position: l.position,
      retired: l.retiredAt !== null,
      mergedInto: merge ? (byId.get(merge.labelId)?.name ?? null) : null,
      aliases: aliases.filter((a) => a.labelId === l.id && nameOf.get(a.name) !== l.id).map((a) => a.name),
    };
  });
}

const DEFAULT_COLOUR = "#64748b";

export async function changeLabel({
  db,
  projectId,
  actorId,
  change,
}: {
  db: Db;
  projectId: string;
  actorId: string;
  change: LabelChange;
}): Promise<ManagedLabel[]> {
  return await db.transaction(async (tx) => {
    const { labels: named, aliases } = await projectLabelsAndAliases({ db: tx, projectId });
    const rows = await tx.select().from(labels).where(eq(labels.projectId, projectId)).orderBy(asc(labels.position), asc(labels.id));
    const refuse = (message: string | null) => {
      if (message) throw new GoldsetError("bad_request", message);
    };
    const labelOf = (labelId: number) => {
      const row = rows.find((l) => l.id === labelId);
      if (!row) throw new GoldsetError("not_found", `Label ${labelId} does not belong to this project.`);
      return row;
    };
    const checkHotkey = (hotkey: string | null | undefined, labelId: number | null) => {
      if (!hotkey) return;
      refuse(hotkeyRefusal(hotkey));
      const holder = rows.find((l) => l.hotkey === hotkey && l.id !== labelId && l.retiredAt === null);
      if (holder) refuse(`Hotkey "${hotkey}" is already used by "${holder.name}": choose another key, or clear that one first.`);
    };
    const now = new Date();
    let details: Record<string, unknown>;

    switch (change.action) {
      case "add": {
        refuse(nameTakenRefusal(named, aliases, change.name, null));
        checkHotkey(change.hotkey, null);
        const position = rows.reduce((max, l) => Math.max(max, l.position), -1) + 1;
        await tx.insert(labels).values({
          projectId,
          name: change.name,
          description: change.description ?? "",
          hotkey: change.hotkey ?? null,
          color: change.color ?? DEFAULT_COLOUR,
          position,
          createdAt: now,
        });
        details = { name: change.name };
        break;
      }
      case "rename": {
        const label = labelOf(change.labelId);
        refuse(renameRefusal(named, aliases, label.id, change.name));
        await tx.update(labels).set({ name: change.name }).where(eq(labels.id, label.id));
        // Taking back an old name of its own: that alias is simply no longer needed as one.
        await tx.insert(labelAliases).values({ projectId, name: label.name, labelId: label.id, kind: "rename", createdBy: actorId, createdAt: now });
        details = { labelId: label.id, from: label.name, to: change.name };
        break;
      }
      case "retire":
      case "unretire": {
        const label = labelOf(change.labelId);
        const merged = aliases.some((a) => a.kind === "merge" && a.name === label.name && a.labelId !== label.id);
        if (merged) refuse(`"${label.name}" is retired by a merge: revert the merge instead.`);
        if (change.action === "unretire" && label.hotkey) checkHotkey(label.hotkey, label.id);
        await tx
          .update(labels)
          .set({ retiredAt: change.action === "retire" ? now : null })
          .where(eq(labels.id, label.id));
        details = { labelId: label.id, name: label.name };
        break;
      }
      case "merge": {
        const source = labelOf(change.labelId);
        const target = labelOf(change.intoLabelId);
        refuse(mergeRefusal(named, aliases, source.id, target.id));
        await tx.update(labels).set({ retiredAt: now }).where(eq(labels.id, source.id));
        await tx.insert(labelAliases).values({ projectId, name: source.name, labelId: target.id, kind: "merge", createdBy: actorId, createdAt: now });
        details = { labelId: source.id, from: source.name, into: target.name, intoLabelId: target.id };
        break;
      }
      case "revertMerge": {
        const source = labelOf(change.labelId);
        const merge = aliases.find((a) => a.kind === "merge" && a.name === source.name && a.labelId !== source.id);
        if (!merge) throw new GoldsetError("bad_request", `"${source.name}" is not merged into another label: there is nothing to revert.`);
        await tx
          .update(labelAliases)
          .set({ revertedAt: now, revertedBy: actorId })
          .where(and(eq(labelAliases.id, merge.id), isNull(labelAliases.revertedAt)));
        if (source.hotkey) checkHotkey(source.hotkey, source.id);
        await tx.update(labels).set({ retiredAt: null }).where(eq(labels.id, source.id));
        details = { labelId: source.id, name: source.name, aliasId: merge.id, wasInto: named.find((l) => l.id === merge.labelId)?.name ?? null };
        break;
      }
      case "move": {
        const index = rows.findIndex((l) => l.id === change.labelId);
        labelOf(change.labelId);
        const other = rows[change.direction === "up" ? index - 1 : index + 1];
        if (!other) refuse(`"${rows[index]!.name}" is already ${change.direction === "up" ? "first" : "last"}.`);
        // Positions are renumbered densely: older label sets may hold gaps or ties.
        const order = rows.map((l) => l.id);
        const swapWith = change.direction === "up" ? index - 1 : index + 1;
        [order[index], order[swapWith]] = [order[swapWith]!, order[index]!];
        for (const [position, id] of order.entries()) {
          if (rows.find((l) => l.id === id)!.position !== position) await tx.update(labels).set({ position }).where(eq(labels.id, id));
        }
        details = { labelId: change.labelId, direction: change.direction };
        break;
      }
      case "edit": {
        const label = labelOf(change.labelId);
        checkHotkey(change.hotkey, label.id);
        const set = {
          ...(change.description !== undefined ? { description: change.description } : {}),
          ...(change.hotkey !== undefined ? { hotkey: change.hotkey } : {}),
          ...(change.color !== undefined ? { color: change.color } : {}),
        };
        if (Object.keys(set).length > 0) await tx.update(labels).set(set).where(eq(labels.id, label.id));
        details = { labelId: label.id, name: label.name, ...set };
        break;
      }
    }
    await tx
      .update(projects)
      .set({ labelSetVersion: sql`${projects.labelSetVersion} + 1` })
      .where(eq(projects.id, projectId));
    await recordAudit(tx, { projectId, actorId, action: `labels.${change.action}`, targetType: "project", targetId: projectId, details });
    return await listManagedLabels({ db: tx, projectId });
  });
}
