// Prompt versions: each save is a new numbered, hashed, immutable row; old versions stay readable
// and runs name the version they used.
import "server-only";
import { and, asc, desc, eq, inArray, max } from "drizzle-orm";
import { itemResolutions, items, promptVersions, users } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { GoldsetError } from "@/lib/errors";
import type { PromptVersionView } from "@/lib/llm/llm-views";
import { definitionFromStored, storedExampleTexts, storedPromptColumns } from "@/lib/llm/prompts/prompt-input";
import { quoteSpans } from "@/lib/spans/llm-span-answer";
import { promptDefinitionProblems, promptHash, type FewShotExample, type PromptDefinition, type PromptVersion } from "@/lib/llm/prompts/prompt-template";

const versionColumns = {
  id: promptVersions.id,
  version: promptVersions.version,
  template: promptVersions.template,
  options: promptVersions.options,
  hash: promptVersions.hash,
  createdBy: users.email,
  createdAt: promptVersions.createdAt,
};

type VersionRow = { id: number; version: number; template: string; options: Record<string, unknown>; hash: string; createdBy: string | null; createdAt: Date };

function toView(row: VersionRow): PromptVersionView {
  return {
    id: row.id,
    version: row.version,
    hash: row.hash,
    definition: definitionFromStored(row.template, row.options, `Prompt version ${row.version}`),
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Newest first. */
export async function listPromptVersions({ db, projectId }: { db: Executor; projectId: string }): Promise<PromptVersionView[]> {
  return (
    await db
      .select(versionColumns)
      .from(promptVersions)
      .leftJoin(users, eq(users.id, promptVersions.createdBy))
      .where(eq(promptVersions.projectId, projectId))
      .orderBy(desc(promptVersions.version))
  ).map(toView);
}

/** By version number, or the latest when `version` is omitted. */
export async function getPromptVersion({
  db,
  projectId,
  version,
}: {
  db: Executor;
  projectId: string;
  version?: number;
}): Promise<PromptVersionView | undefined> {
  const row = (
    await db
      .select(versionColumns)
      .from(promptVersions)
      .leftJoin(users, eq(users.id, promptVersions.createdBy))
      .where(and(eq(promptVersions.projectId, projectId), version === undefined ? undefined : eq(promptVersions.version, version)))
      .orderBy(desc(promptVersions.version))
      .limit(1)
  )[0];
  return row ? toView(row) : undefined;
}

export async function getPromptVersionById({ db, projectId, id }: { db: Executor; projectId: string; id: number }): Promise<PromptVersionView | undefined> {
  const row = (
    await db
      .select(versionColumns)
      .from(promptVersions)
      .leftJoin(users, eq(users.id, promptVersions.createdBy))
      .where(and(eq(promptVersions.projectId, projectId), eq(promptVersions.id, id)))
      .limit(1)
  )[0];
  return row ? toView(row) : undefined;
}

/**
 * The texts of each prompt version's few-shot examples, by version number. An example is an
 * item's text with its settled label, so a version must never be asked about an item whose text
 * is one of its examples, nor its answer shown for one: the model would hand that label back, and
 * the item's next annotator would see another person's label as the suggestion.
 */
export async function exampleTextsByVersion({
  db,
  projectId,
  versions,
}: {
  db: Executor;
  projectId: string;
  versions?: number[];
}): Promise<Map<number, Set<string>>> {
  if (versions?.length === 0) return new Map();
  const rows = await db
    .select({ version: promptVersions.version, options: promptVersions.options })
    .from(promptVersions)
    .where(and(eq(promptVersions.projectId, projectId), versions === undefined ? undefined : inArray(promptVersions.version, versions)));
  return new Map(rows.map((row) => [row.version, new Set(storedExampleTexts(row.options))]));
}

/** The engine's view of a stored version: its id as a string key, its stored hash and definition. */
export function enginePromptVersion(view: PromptVersionView): PromptVersion {
  return { id: String(view.id), hash: view.hash, definition: view.definition };
}

/**
 * Saves `definition` as the next version. Saving a definition identical to the latest version
 * returns that version instead of numbering a copy.
 */
export async function savePromptVersion({
  db,
  projectId,
  actorId,
  definition,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  definition: PromptDefinition;
  now?: Date;
}): Promise<{ version: PromptVersionView; created: boolean }> {
  const problems = promptDefinitionProblems(definition);
  if (problems.length > 0) {
    throw new GoldsetError(
      "bad_request",
      `The prompt cannot be saved: ${problems.join(" ")}`,
      problems.map((message) => ({ message })),
    );
  }
  const hash = promptHash(definition);
  return await db.transaction(async (tx) => {
    const latest = await getPromptVersion({ db: tx, projectId });
    if (latest?.hash === hash) return { version: latest, created: false };
    const next =
      ((
        await tx
          .select({ n: max(promptVersions.version) })
          .from(promptVersions)
          .where(eq(promptVersions.projectId, projectId))
          .limit(1)
      )[0]?.n ?? 0) + 1;
    const row = (
      await tx
        .insert(promptVersions)
        .values({ projectId, version: next, ...storedPromptColumns(definition), hash, createdBy: actorId, createdAt: now })
        .returning({ id: promptVersions.id })
    )[0]!;
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "llm.prompt.save",
      targetType: "prompt_version",
      targetId: row.id,
      details: { version: next, hash, model: definition.generation.model, examples: definition.examples.length },
    });
    return { version: (await getPromptVersionById({ db: tx, projectId, id: row.id }))!, created: true };
  });
}

const EXAMPLE_SOURCES = ["adjudicated", "unanimous", "single"] as const;
const EXAMPLE_CANDIDATES = 2_000;
const sourceRank = (method: string) => EXAMPLE_SOURCES.indexOf(method as (typeof EXAMPLE_SOURCES)[number]);

/**
 * Few-shot examples from items whose label is settled: closed items (no annotator will be served
 * them again, none is awaiting a send-back's extra annotation) before open ones; within each,
 * adjudicated items first, then unanimous ones, then those resting on a single annotation; taken
 * in turn across labels so that one frequent label does not fill every slot. Oldest items first,
 * so the same project state always yields the same examples. A run never asks about an example's
 * own item (prelabel-store.ts), so an open example costs its next annotator the LLM suggestion; a
 * closed one has no next annotator.
 */
export async function fewShotExamples({ db, projectId, count }: { db: Executor; projectId: string; count: number }): Promise<FewShotExample[]> {
  if (count === 0) return [];
  const candidates = (
    await db
      .select({ text: items.text, labels: itemResolutions.labels, method: itemResolutions.method, open: items.open })
      .from(itemResolutions)
      .innerJoin(items, eq(items.id, itemResolutions.itemId))
      .where(and(eq(itemResolutions.projectId, projectId), inArray(itemResolutions.method, [...EXAMPLE_SOURCES])))
      .orderBy(asc(items.open), asc(items.id))
      .limit(EXAMPLE_CANDIDATES)
  )
    .filter((c) => c.labels.length > 0)
    .sort((a, b) => Number(a.open) - Number(b.open) || sourceRank(a.method) - sourceRank(b.method));
  const byLabel = new Map<string, typeof candidates>();
  for (const candidate of candidates) {
    const key = candidate.labels.join("|");
    byLabel.set(key, [...(byLabel.get(key) ?? []), candidate]);
  }
  const queues = [...byLabel.values()];
  const chosen: FewShotExample[] = [];
  for (let round = 0; chosen.length < count && queues.some((q) => q.length > round); round++) {
    for (const queue of queues) {
      const candidate = queue[round];
      if (candidate && chosen.length < count) chosen.push({ text: candidate.text, labels: candidate.labels });
    }
  }
  return chosen;
}

/**
 * A spans project's few-shot examples: items whose spans are settled, chosen in the order
 * fewShotExamples uses (closed before open, adjudicated before unanimous before single, oldest
 * first), items with entities before items without, each with its spans as the quotes the model
 * should answer with. An item whose spans cannot all be quoted (quoteSpans) is passed over.
 */
export async function spanFewShotExamples({ db, projectId, count }: { db: Executor; projectId: string; count: number }): Promise<FewShotExample[]> {
  if (count === 0) return [];
  const candidates = (
    await db
      .select({ text: items.text, spans: itemResolutions.spans, method: itemResolutions.method, open: items.open })
      .from(itemResolutions)
      .innerJoin(items, eq(items.id, itemResolutions.itemId))
      .where(and(eq(itemResolutions.projectId, projectId), inArray(itemResolutions.method, [...EXAMPLE_SOURCES])))
      .orderBy(asc(items.open), asc(items.id))
      .limit(EXAMPLE_CANDIDATES)
  ).sort(
    (a, b) =>
      Number(a.open) - Number(b.open) ||
      Number((a.spans?.length ?? 0) === 0) - Number((b.spans?.length ?? 0) === 0) ||
      sourceRank(a.method) - sourceRank(b.method),
  );
  const chosen: FewShotExample[] = [];
  for (const candidate of candidates) {
    if (chosen.length === count) break;
    if (candidate.spans === null) continue;
    const entities = quoteSpans(candidate.text, candidate.spans);
    if (entities !== null) chosen.push({ text: candidate.text, labels: [], entities });
  }
  return chosen;
}
