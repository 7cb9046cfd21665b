// Who gets which item next. An item is offered to an annotator while fewer annotators than the
// project's overlap (plus any extra a reviewer asked for) hold a live label or an unexpired lease, and the annotator has neither
// labelled nor skipped it. Ordering is by queue rank (written by the ranking strategy), then age.
// The rank is read from the column the project's queue_slot names (see ranking-write.ts).
import "server-only";
import { and, asc, count, eq, gt, inArray, isNull, lt, sql, type Placeholder, type SQL } from "drizzle-orm";
import { annotations, items, leases, projectCounts, projects, skips } from "../schema";
import type { Db, Executor } from "../index";
import { inForce, isCurrentAnnotation } from "./current-annotations";
import { queueRankColumn, queueSlot } from "./live-ranking";
import { rowsChanged } from "../rows";
import { reusable } from "../reusable-statements";

export type QueuedItem = { id: number; externalId: string; text: string; metadata: Record<string, unknown>; queueRank: number };

function labelledByMe(userId: string | Placeholder): SQL {
  return sql`exists (select 1 from ${annotations} a where a.item_id = ${items.id} and a.annotator_id = ${userId}
    and a.kind = 'label' and ${inForce(sql`a.id`)})`;
}

function skippedByMe(userId: string | Placeholder): SQL {
  return sql`exists (select 1 from ${skips} s where s.item_id = ${items.id} and s.user_id = ${userId} and s.undone_at is null)`;
}

function leasesHeldByOthers(userId: string | Placeholder, nowMs: number | Placeholder): SQL<number> {
  return sql<number>`(select count(*) from ${leases} l where l.item_id = ${items.id} and l.user_id <> ${userId} and l.expires_at > ${nowMs})`;
}

function itemColumns(rank: ReturnType<typeof queueRankColumn>) {
  return { id: items.id, externalId: items.externalId, text: items.text, metadata: items.metadata, queueRank: rank };
}

/**
 * Of the items the client says it holds, those of this project still the caller's to label: only
 * these may be held; anything else the client sends is ignored rather than leased. One prepared
 * statement per list length.
 */
async function stillMineAmong(tx: Executor, { projectId, userId, holding }: { projectId: string; userId: string; holding: number[] }): Promise<number[]> {
  const statement = reusable(tx, `queue.held.${holding.length}`, (root) => {
    const user = sql.placeholder("userId");
    return root
      .select({ id: items.id })
      .from(items)
      .where(
        and(
          eq(items.projectId, sql.placeholder("projectId")),
          inArray(
            items.id,
            holding.map((_, i) => sql.placeholder(`held${i}`)),
          ),
          sql`not ${labelledByMe(user)}`,
          sql`not ${skippedByMe(user)}`,
        ),
      );
  });
  const rows = await statement.execute({ projectId, userId, ...Object.fromEntries(holding.map((id, i) => [`held${i}`, id])) });
  return rows.map((r) => r.id);
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
    // Every statement here is prepared once (db/reusable-statements.ts): this runs on every
    // next-item request. Values go in as placeholders; timestamps compared as epoch milliseconds.
    const projectStatement = reusable(tx, "queue.leasingProject", (root) =>
      root
        .select({ overlap: projects.overlap, leaseMinutes: projects.leaseMinutes, queueSlot: projects.queueSlot })
        .from(projects)
        .where(eq(projects.id, sql.placeholder("projectId")))
        .limit(1),
    );
    const project = (await projectStatement.execute({ projectId }))[0];
    if (!project) return [];
    const slot = queueSlot(project.queueSlot);
    const rank = queueRankColumn(slot);
    const expiresAt = new Date(now.getTime() + project.leaseMinutes * 60_000);
    const values = { projectId, userId, now: now.getTime() };
    const user = sql.placeholder("userId");
    const stillMine = and(sql`not ${labelledByMe(user)}`, sql`not ${skippedByMe(user)}`);
    const held = holding.length > 0 ? await stillMineAmong(tx, { ...values, holding }) : [];
    const heldSet = new Set(held);

    const resumedStatement = reusable(tx, `queue.resumed.${slot}`, (root) =>
      root
        .select(itemColumns(rank))
        .from(items)
        .innerJoin(leases, and(eq(leases.itemId, items.id), eq(leases.userId, user)))
        .where(and(eq(items.projectId, sql.placeholder("projectId")), gt(leases.expiresAt, sql.placeholder("now")), stillMine))
        .orderBy(asc(rank), asc(items.id)),
    );
    const resumed = (await resumedStatement.execute(values)).filter((r) => !heldSet.has(r.id)).slice(0, wanted);

    const taken = new Set([...held, ...resumed.map((r) => r.id)]);
    const fresh: QueuedItem[] = [];
    if (resumed.length < wanted) {
      // Walk the open items in queue order. The items the caller holds are skipped here, in
      // memory: a NOT IN list would stop SQLite from reading the queue index in order.
      const candidatesStatement = reusable(tx, `queue.candidates.${slot}`, (root) =>
        root
          .select(itemColumns(rank))
          .from(items)
          .where(
            and(
              eq(items.projectId, sql.placeholder("projectId")),
              eq(items.open, true),
              lt(
                sql`${items.labelledBy} + ${leasesHeldByOthers(user, sql.placeholder("now"))}`,
                sql`${sql.placeholder("overlap")} + ${items.extraAnnotations}`,
              ),
              stillMine,
            ),
          )
          .orderBy(asc(rank), asc(items.id))
          .limit(sql.placeholder("limit")),
      );
      const candidates = await candidatesStatement.execute({ ...values, overlap: project.overlap, limit: wanted - resumed.length + taken.size });
      for (const c of candidates) {
        if (fresh.length + resumed.length >= wanted) break;
        if (!taken.has(c.id)) fresh.push(c);
      }
    }

    const leaseStatement = reusable(tx, "queue.lease", (root) =>
      root
        .insert(leases)
        .values({ itemId: sql.placeholder("itemId"), userId: sql.placeholder("userId"), projectId: sql.placeholder("projectId"), expiresAt: sql.placeholder("expiresAt") })
        .onConflictDoUpdate({ target: [leases.itemId, leases.userId], set: { expiresAt: sql.raw(`excluded.${leases.expiresAt.name}`) } }),
    );
    for (const itemId of [...held, ...resumed.map((r) => r.id), ...fresh.map((r) => r.id)]) {
      await leaseStatement.execute({ itemId, userId, projectId, expiresAt });
    }
    return [...resumed, ...fresh];
  });
}

export async function releaseLease({ db, itemId, userId }: { db: Executor; itemId: number; userId: string }): Promise<void> {
  const statement = reusable(db, "queue.releaseLease", (root) =>
    root.delete(leases).where(and(eq(leases.itemId, sql.placeholder("itemId")), eq(leases.userId, sql.placeholder("userId")))),
  );
  await statement.execute({ itemId, userId });
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
  const statement = reusable(db, "queue.annotatorProgress", (root) => {
    const project = sql.placeholder("projectId");
    const user = sql.placeholder("userId");
    const mine = and(eq(annotations.projectId, project), eq(annotations.annotatorId, user), eq(annotations.kind, "label"), isCurrentAnnotation);
    const done = root.select({ n: sql<number>`count(distinct ${annotations.itemId})` }).from(annotations).where(mine);
    const labelledItems = root.select({ itemId: annotations.itemId }).from(annotations).where(mine);
    const skippedItems = root
      .select({ itemId: skips.itemId })
      .from(skips)
      .where(and(eq(skips.projectId, project), eq(skips.userId, user), isNull(skips.undoneAt)));
    const openLabelled = root
      .select({ n: count() })
      .from(items)
      .where(and(inArray(items.id, labelledItems), eq(items.open, true)));
    const openSkippedOnly = root
      .select({ n: count() })
      .from(items)
      .where(and(inArray(items.id, skippedItems), eq(items.open, true), sql`not ${labelledByMe(user)}`));
    return root
      .select({
        items: projectCounts.items,
        openItems: projectCounts.openItems,
        done: sql<number>`(${done})`.mapWith(Number),
        openTouched: sql<number>`(${openLabelled}) + (${openSkippedOnly})`.mapWith(Number),
      })
      .from(projectCounts)
      .where(eq(projectCounts.projectId, project))
      .limit(1);
  });
  const row = (await statement.execute({ projectId, userId }))[0];
  if (!row) return { done: 0, remaining: 0, total: 0 };
  return { done: row.done, remaining: row.openItems - row.openTouched, total: row.items };
}
