// A user's named views of a project's data browser: the browser's URL query string under a name
// unique per user and project. Every function takes the user, and touches only that user's rows:
// nobody else sees, opens, renames or deletes them.
import "server-only";
import { and, asc, eq, ne } from "drizzle-orm";
import { savedViews } from "../schema";
import type { Db, Executor } from "../index";
import { GoldsetError } from "@/lib/errors";

export type SavedView = { id: number; name: string; query: string; createdAt: Date; updatedAt: Date };

type Owner = { projectId: string; userId: string };

const columns = { id: savedViews.id, name: savedViews.name, query: savedViews.query, createdAt: savedViews.createdAt, updatedAt: savedViews.updatedAt };
const ownedBy = ({ projectId, userId }: Owner) => and(eq(savedViews.projectId, projectId), eq(savedViews.userId, userId));

export async function listSavedViews({ db, ...owner }: { db: Executor } & Owner): Promise<SavedView[]> {
  return await db.select(columns).from(savedViews).where(ownedBy(owner)).orderBy(asc(savedViews.name), asc(savedViews.id));
}

async function refuseTakenName(tx: Executor, owner: Owner, name: string, exceptId?: number): Promise<void> {
  const taken = await tx
    .select({ id: savedViews.id })
    .from(savedViews)
    .where(and(ownedBy(owner), eq(savedViews.name, name), exceptId === undefined ? undefined : ne(savedViews.id, exceptId)))
    .limit(1);
  if (taken.length > 0) throw new GoldsetError("conflict", `You already have a view named "${name}"; choose another name or rename that one.`);
}

/** Saves `query` (already checked by the browser's own parser) as the view `name`. */
export async function createSavedView({ db, name, query, now = new Date(), ...owner }: { db: Db; name: string; query: string; now?: Date } & Owner): Promise<SavedView> {
  return await db.transaction(async (tx) => {
    await refuseTakenName(tx, owner, name);
    return (await tx.insert(savedViews).values({ ...owner, name, query, createdAt: now, updatedAt: now }).returning(columns))[0]!;
  });
}

/** Renames one of the user's views; another user's view is "not found", as if it did not exist. */
export async function renameSavedView({ db, id, name, now = new Date(), ...owner }: { db: Db; id: number; name: string; now?: Date } & Owner): Promise<SavedView> {
  return await db.transaction(async (tx) => {
    await refuseTakenName(tx, owner, name, id);
    const renamed = await tx
      .update(savedViews)
      .set({ name, updatedAt: now })
      .where(and(ownedBy(owner), eq(savedViews.id, id)))
      .returning(columns);
    if (!renamed[0]) throw new GoldsetError("not_found", `You have no saved view ${id} in this project.`);
    return renamed[0];
  });
}

export async function deleteSavedView({ db, id, ...owner }: { db: Db; id: number } & Owner): Promise<void> {
  const deleted = await db
    .delete(savedViews)
    .where(and(ownedBy(owner), eq(savedViews.id, id)))
    .returning({ id: savedViews.id });
  if (!deleted[0]) throw new GoldsetError("not_found", `You have no saved view ${id} in this project.`);
}
