// The people, project and items a database test starts from, built through the app's own queries
// (createUser, createProject, setMemberRole, importItems, …) so that triggers, counters and audit
// rows are what the app would have written, on SQLite and PostgreSQL alike.
import { randomUUID } from "node:crypto";
import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "./index";
import { items as itemsTable, type ProjectRole, type TaskType } from "./schema";
import { submitAnnotation, type SubmitResult } from "./queries/annotations";
import { importItems } from "./queries/items";
import { setMemberRole } from "./queries/memberships";
import { createProject, getProjectBySlug, updateProjectSettings, type LabelInput, type ProjectRecord } from "./queries/projects";
import { saveRankingSettings } from "./queries/ranking-settings";
import { createUser } from "./queries/users";
import { lookupChunks } from "./queries/lookup-chunks";
import type { RankingSettingsView } from "@/lib/active-learning/server/model-views";
import { itemContentHash } from "@/lib/import/content-hash";

/**
 * A person's role in the seeded project, or null for an account with no membership (an outsider, a
 * site admin, an annotator whose labels come in by import). The first lead creates the project.
 */
export type SeedRole = ProjectRole | null;
/** A role, or a role with the account's details; the email is `<key>@example.org` and the name the key unless given. */
export type PersonSeed = SeedRole | { role: SeedRole; email?: string; name?: string; isAdmin?: boolean };
/** An external id whose text is the id itself, or an item with its own text and metadata. */
export type ItemSeed = string | { externalId: string; text?: string; metadata?: Record<string, unknown> };

type ExternalIdOf<S> = S extends string ? S : S extends { externalId: infer E extends string } ? E : never;

export type ProjectSeed<P extends string, I extends readonly ItemSeed[]> = {
  people?: Record<P, PersonSeed>;
  project: {
    slug: string;
    /** The slug unless given. */
    name?: string;
    taskType?: TaskType;
    labels: readonly (string | LabelInput)[];
    overlap?: number;
    guidelines?: string;
    /** Saved by the lead after the items are in, as updateProjectSettings takes them. */
    settings?: { visibleMetadata?: string[]; leaseMinutes?: number };
    /** Saved by the lead after the items are in, as saveRankingSettings takes them. */
    ranking?: Partial<RankingSettingsView>;
  };
  /** Imported in this order, in one file, by the lead. */
  items?: I;
};

export type LabelOptions = { notSure?: boolean; note?: string; now?: Date };

/** What seedProject made. A test file keeps it as a plain `SeededProject` between hooks and tests. */
export type SeededProject<P extends string = string, E extends string = string> = {
  /** User id by person key. */
  people: Record<P, string>;
  project: ProjectRecord;
  projectId: string;
  slug: string;
  /** Item id by external id. */
  items: Record<E, number>;
  /** `person` labels the item with no suggestion shown, through submitAnnotation. */
  label(person: P, externalId: E, labels: string[], options?: LabelOptions): Promise<SubmitResult>;
};

/**
 * Creates the people (in key order), the project, its memberships and its items. Actions are taken
 * by the first lead, or by nobody when there is none.
 */
export async function seedProject<P extends string = never, const I extends readonly ItemSeed[] = []>(
  db: Db,
  spec: ProjectSeed<P, I>,
): Promise<SeededProject<P, ExternalIdOf<I[number]>>> {
  const personSpecs = Object.entries(spec.people ?? {}) as [P, PersonSeed][];
  const people = {} as Record<P, string>;
  for (const [key, person] of personSpecs) {
    const details = typeof person === "object" && person !== null ? person : { role: person };
    people[key] = (
      await createUser({ db, email: details.email ?? `${key}@example.org`, name: details.name ?? key, passwordHash: "x", isAdmin: details.isAdmin })
    ).id;
  }
  const roleOf = (person: PersonSeed): SeedRole => (typeof person === "object" && person !== null ? person.role : person);
  const leadKey = personSpecs.find(([, person]) => roleOf(person) === "lead")?.[0];
  const actorId = leadKey === undefined ? null : people[leadKey];

  const { project: p } = spec;
  const created = await createProject({
    db,
    name: p.name ?? p.slug,
    slug: p.slug,
    taskType: p.taskType ?? "single_label",
    labelDefs: p.labels.map((label) => (typeof label === "string" ? { name: label } : label)),
    overlap: p.overlap,
    guidelines: p.guidelines,
    createdBy: actorId,
  });
  const projectId = created.id;
  for (const [key, person] of personSpecs) {
    const role = roleOf(person);
    if (role !== null && key !== leadKey) await setMemberRole({ db, projectId, userId: people[key], role, actorId });
  }

  const records = (spec.items ?? []).map((item) => {
    const { externalId, text = externalId, metadata = {} } = typeof item === "string" ? { externalId: item } : item;
    return { externalId, text, metadata, contentHash: itemContentHash(text) };
  });
  if (records.length > 0) await importItems({ db, projectId, fileName: "items.jsonl", format: "jsonl", actorId, records });
  const items = (await itemIdsByExternalId(db, projectId, records.map((r) => r.externalId))) as Record<ExternalIdOf<I[number]>, number>;

  if (p.settings) {
    if (actorId === null) throw new Error(`seedProject: settings of "${p.slug}" are saved by a lead; give one person the role "lead".`);
    await updateProjectSettings({ db, projectId, actorId, changes: p.settings });
  }
  if (p.ranking) await saveRankingSettings({ db, projectId, actorId, changes: p.ranking });
  const project = p.settings || p.ranking ? (await getProjectBySlug({ db, slug: p.slug }))! : created;

  return {
    people,
    project,
    projectId,
    slug: p.slug,
    items,
    label: async (person, externalId, labels, options) =>
      await submitLabel({ db, projectId, annotatorId: people[person], itemId: items[externalId], labels, ...options }),
  };
}

/** One label submitted as an annotator does with no suggestion shown: a fresh annotation id, not sure only when asked. */
export async function submitLabel({
  db,
  projectId,
  annotatorId,
  itemId,
  labels,
  notSure = false,
  note,
  now,
}: { db: Db; projectId: string; annotatorId: string; itemId: number; labels: string[] } & LabelOptions): Promise<SubmitResult> {
  return await submitAnnotation({
    db,
    projectId,
    annotatorId,
    input: { id: randomUUID(), itemId, labels, notSure, note, suggestionShown: false, rejectedSuggestion: false },
    now,
  });
}

/** The ids of items by their external ids, for tests that import items themselves. */
export async function itemIdsByExternalId(db: Db, projectId: string, externalIds: string[]): Promise<Record<string, number>> {
  const ids: Record<string, number> = {};
  for (const chunk of lookupChunks(externalIds)) {
    const rows = await db
      .select({ id: itemsTable.id, externalId: itemsTable.externalId })
      .from(itemsTable)
      .where(and(eq(itemsTable.projectId, projectId), inArray(itemsTable.externalId, chunk)));
    for (const row of rows) ids[row.externalId] = row.id;
  }
  return ids;
}
