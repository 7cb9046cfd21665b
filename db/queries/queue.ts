// Who gets which item next. An item is offered to an annotator while fewer annotators than the
// project's overlap (plus any extra a reviewer asked for) hold a live label or an unexpired lease, and the annotator has neither
// labelled nor skipped it. Ordering is by queue rank (written by the ranking strategy), then age.
// The rank is read from the column the project's queue_slot names (see ranking-write.ts). Gold
// items come in at the project's gold rate (queue-gold.ts); a paused member is served nothing.
import "server-only";
import { and, asc, count, eq, gt, inArray, isNull, lt, sql, type SQL } from "drizzle-orm";
import { annotations, goldItems, items, leases, memberships, projectCounts, projects, skips } from "../schema";
import type { Db, Executor } from "../index";
import { inForce, isCurrentAnnotation } from "./current-annotations";
import { queueRankColumn, queueSlot } from "./live-ranking";
import { rowsChanged } from "../rows";
import { goldForQueuePositions } from "./queue-gold";
import { workflowSettings } from "@/lib/projects/workflow-settings";

export type QueuedItem = { id: number; externalId: string; text: string; metadata: Record<string, unknown>; queueRank: number };

function labelledByMe(userId: string): SQL {
  return sql`exists (select 1 from ${annotations} a where a.item_id = ${items.id} and a.annotator_id = ${userId}
    and a.kind = 'label' and ${inForce(sql`a.id`)})`;
}

function skippedByMe(userId: string): SQL {
  return sql`exists (select 1 from ${skips} s where s.item_id = ${items.id} and s.user_id = ${userId} and s.undone_at is null)`;
}

function leasesHeldByOthers(userId: string, now: Date): SQL<number> {
  return sql<number>`(select count(*) from ${leases} l where l.item_id = ${items.id} and l.user_id <> ${userId} and l.expires_at > ${now.getTime()})`;
}

function itemColumns(rank: ReturnType<typeof queueRankColumn>) {
  return { id: items.id, externalId: items.externalId, text: items.text, metadata: items.metadata, queueRank: rank };
}

/**
 * Returns up to `count` items for the annotator and leases them. Items the annotator already
 * holds a live lease on come first, so a reload shows the same item instead of taking a new one.
 * `holding` lists items the client already has on screen or prefetched; they are not returned
 * again but their leases are renewed.
 */
export async function nextItemsForAnnotator({
  db,
  projectId,
  userId,
  count: wanted,
  holding = [],
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  userId: string;
  count: number;
  holding?: number[];
  now?: Date;
}): Promise<QueuedItem[]> {
  return await db.$projectTransaction(projectId, async (tx) => {
    // The membership's pause and whether the project has any gold item in force ride along in
    // the one statement every request already makes, so a project without gold pays no extra
    // round trip for the feature.
    const project = (
      await tx
        .select({
          overlap: projects.overlap,
          leaseMinutes: projects.leaseMinutes,
          queueSlot: projects.queueSlot,
          settings: projects.settings,
          pausedAt: memberships.pausedAt,
          hasGold: sql<boolean>`exists (select 1 from ${goldItems} g where g.project_id = ${projects.id} and g.removed_at is null)`.mapWith(Boolean),
        })
        .from(projects)
        .leftJoin(memberships, and(eq(memberships.projectId, projects.id), eq(memberships.userId, userId)))
        .where(eq(projects.id, projectId))
        .limit(1)
    )[0];
    if (!project || project.pausedAt !== null) return [];
    const rank = queueRankColumn(queueSlot(project.queueSlot));
    const expiresAt = new Date(now.getTime() + project.leaseMinutes * 60_000);
    const stillMine = and(sql`not ${labelledByMe(userId)}`, sql`not ${skippedByMe(userId)}`);
    // Only items of this project that are still the caller's to label may be held; anything
    // else the client sends is ignored rather than leased.
    const held =
      holding.length > 0
        ? (
            await tx
              .select({ id: items.id })
              .from(items)
              .where(and(eq(items.projectId, projectId), inArray(items.id, holding), stillMine))
          ).map((r) => r.id)
        : [];
    const heldSet = new Set(held);

    const resumed = (
      await tx
        .select(itemColumns(rank))
        .from(items)
        .innerJoin(leases, and(eq(leases.itemId, items.id), eq(leases.userId, userId)))
        .where(and(eq(items.projectId, projectId), gt(leases.expiresAt, now), stillMine))
        .orderBy(asc(rank), asc(items.id))
    )
      .filter((r) => !heldSet.has(r.id))
      .slice(0, wanted);

    const taken = new Set([...held, ...resumed.map((r) => r.id)]);
    const slots = wanted - resumed.length;
    const goldRate = project.hasGold ? workflowSettings(project.settings).gold.rate : 0;
    const goldIds =
      slots > 0 && goldRate > 0 ? await goldForQueuePositions({ tx, projectId, userId, rate: goldRate, slots, taken, stillMine }) : [];
    const goldChosen = goldIds.filter((id): id is number => id !== undefined);
    const goldRows = new Map(
      goldChosen.length > 0
        ? (await tx.select(itemColumns(rank)).from(items).where(inArray(items.id, goldChosen))).map((row) => [row.id, row] as const)
        : [],
    );
    for (const id of goldChosen) taken.add(id);
    const fresh: QueuedItem[] = [];
    if (slots > goldChosen.length) {
      // Walk the open items in queue order. The items the caller holds are skipped here, in
      // memory: a NOT IN list would stop SQLite from reading the queue index in order.
      const candidates = await tx
        .select(itemColumns(rank))
        .from(items)
        .where(
          and(
            eq(items.projectId, projectId),
            eq(items.open, true),
            lt(sql`${items.labelledBy} + ${leasesHeldByOthers(userId, now)}`, sql`${project.overlap} + ${items.extraAnnotations}`),
            stillMine,
          ),
        )
        .orderBy(asc(rank), asc(items.id))
        .limit(slots - goldChosen.length + taken.size);
      for (const c of candidates) {
        if (fresh.length >= slots - goldChosen.length) break;
        if (!taken.has(c.id)) fresh.push(c);
      }
    }
    // Each gold item takes the position its draw chose; the normal items fill the others in order.
    for (let i = 0; i < goldIds.length; i++) {
      const row = goldIds[i] === undefined ? undefined : goldRows.get(goldIds[i]!);
      if (row) fresh.splice(Math.min(i, fresh.length), 0, row);
    }

    for (const itemId of [...held, ...resumed.map((r) => r.id), ...fresh.map((r) => r.id)]) {
      await tx
        .insert(leases)
        .values({ itemId, userId, projectId, expiresAt })
        .onConflictDoUpdate({ target: [leases.itemId, leases.userId], set: { expiresAt } });
    }
    return [...resumed, ...fresh];
  });
}

export async function releaseLease({ db, itemId, userId }: { db: Executor; itemId: number; userId: string }): Promise<void> {
  await db.delete(leases).where(and(eq(leases.itemId, itemId), eq(leases.userId, userId)));
}

/** Leases past their expiry only matter as history noise; this trims them. */
export async function purgeExpiredLeases({ db, now = new Date() }: { db: Executor; now?: Date }): Promise<number> {
  return rowsChanged(await db.delete(leases).where(lt(leases.expiresAt, now)));
}

export type AnnotatorProgress = { done: number; remaining: number; total: number };

/**
 * What the annotator sees under every item: items they labelled, items still open that they have
 * neither labelled nor skipped, and the project's size. The project-wide counts come from
 * project_counts (kept by triggers); the rest reads only the annotator's own rows, so the cost
 * follows their own work, not the size of the project. One statement: every annotator request
 * ends with it, and on PostgreSQL each statement is a round trip.
 */
export async function annotatorProgress({ db, projectId, userId }: { db: Executor; projectId: string; userId: string }): Promise<AnnotatorProgress> {
  const mine = and(eq(annotations.projectId, projectId), eq(annotations.annotatorId, userId), eq(annotations.kind, "label"), isCurrentAnnotation);
  const done = db.select({ n: sql<number>`count(distinct ${annotations.itemId})` }).from(annotations).where(mine);
  const labelledItems = db.select({ itemId: annotations.itemId }).from(annotations).where(mine);
  const skippedItems = db
    .select({ itemId: skips.itemId })
    .from(skips)
    .where(and(eq(skips.projectId, projectId), eq(skips.userId, userId), isNull(skips.undoneAt)));
  const openLabelled = db
    .select({ n: count() })
    .from(items)
    .where(and(inArray(items.id, labelledItems), eq(items.open, true)));
  const openSkippedOnly = db
    .select({ n: count() })
    .from(items)
    .where(and(inArray(items.id, skippedItems), eq(items.open, true), sql`not ${labelledByMe(userId)}`));
  const row = (
    await db
      .select({
        items: projectCounts.items,
        openItems: projectCounts.openItems,
        done: sql<number>`(${done})`.mapWith(Number),
        openTouched: sql<number>`(${openLabelled}) + (${openSkippedOnly})`.mapWith(Number),
      })
      .from(projectCounts)
      .where(eq(projectCounts.projectId, projectId))
      .limit(1)
  )[0];
  if (!row) return { done: 0, remaining: 0, total: 0 };
  return { done: row.done, remaining: row.openItems - row.openTouched, total: row.items };
}
