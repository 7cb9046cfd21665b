// Test-side access to the same database file the server uses, for setting up projects quickly
// and for checking what was stored. Reads go through db/queries like everything else.
import { getDb } from "@/db";
import { createProject, getProjectBySlug, type LabelInput } from "@/db/queries/projects";
import { setMemberRole } from "@/db/queries/memberships";
import { createUser, getUserByEmail } from "@/db/queries/users";
import { recordSignInFailure, signInFailureCount } from "@/db/queries/login-attempts";
import { ACCOUNT_THROTTLE, accountThrottleKey } from "@/lib/auth/login-throttle";
import { hashPassword } from "@/lib/auth/password";
import { getItem, importItems, projectItemWindows } from "@/db/queries/items";
import { annotationHistory, skipHistory, submitAnnotation } from "@/db/queries/annotations";
import { getExportSnapshot } from "@/db/queries/exports";
import { itemContentHash } from "@/lib/import/content-hash";
import type { ProjectRole, TaskType } from "@/db/schema";
import { saveSuggestionSettings } from "@/db/queries/llm-settings";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import type { SuggestionSettingsView } from "@/lib/llm/llm-views";
import { saveRankingSettings } from "@/db/queries/ranking-settings";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { listClassifierVersions } from "@/db/queries/classifier-versions";
import { rankedQueueHead } from "@/db/queries/ranking";
import type { RankingSettingsView } from "@/lib/active-learning/server/model-views";
import { PEOPLE, type Person } from "./people";
import { randomUUID } from "node:crypto";
import type { StoredSpan } from "@/db/schema";

let counter = 0;

export function uniqueSlug(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

export async function userId(person: Person): Promise<string> {
  return (await getUserByEmail({ db: await getDb(), email: PEOPLE[person].email }))!.id;
}

export async function seedProject({
  slug,
  labels = [{ name: "ham" }, { name: "spam" }],
  taskType = "single_label",
  overlap = 1,
  texts,
  metadata = [],
  members,
  guidelines = "",
}: {
  slug: string;
  labels?: LabelInput[];
  taskType?: TaskType;
  overlap?: number;
  texts: string[];
  /** Each item's metadata, by position in `texts`; {} where missing. */
  metadata?: Record<string, unknown>[];
  members: Partial<Record<Person, ProjectRole>>;
  guidelines?: string;
}) {
  const db = await getDb();
  const project = await createProject({ db, name: `Project ${slug}`, slug, taskType, labelDefs: labels, overlap, guidelines, createdBy: await userId("lead") });
  for (const [person, role] of Object.entries(members)) {
    await setMemberRole({ db, projectId: project.id, userId: await userId(person as Person), role, actorId: null });
  }
  await importItems({
    db,
    projectId: project.id,
    fileName: "seed.jsonl",
    format: "jsonl",
    actorId: null,
    records: texts.map((text, i) => ({ externalId: `item-${i + 1}`, text, metadata: metadata[i] ?? {}, contentHash: itemContentHash(text) })),
  });
  return project;
}

export async function storedAnnotations(slug: string) {
  const db = await getDb();
  const project = (await getProjectBySlug({ db, slug }))!;
  return await annotationHistory({ db, projectId: project.id });
}

export async function projectBySlug(slug: string) {
  return await getProjectBySlug({ db: await getDb(), slug });
}

export async function storedSkips(slug: string) {
  const db = await getDb();
  return await skipHistory({ db, projectId: (await getProjectBySlug({ db, slug }))!.id });
}

export async function exportSnapshotNamed(slug: string, name: string) {
  const db = await getDb();
  return await getExportSnapshot({ db, projectId: (await getProjectBySlug({ db, slug }))!.id, name });
}

/** Which suggestions annotators see and the anchoring share, as the LLM page would save them. */
export async function setSuggestionSettings(slug: string, changes: Partial<SuggestionSettingsView>) {
  const db = await getDb();
  return await saveSuggestionSettings({ db, projectId: (await getProjectBySlug({ db, slug }))!.id, actorId: null, changes });
}

/** Every LLM suggestion of the project (answers and failures) with its item's external id. */
export async function storedLlmSuggestions(slug: string) {
  const db = await getDb();
  return await llmSuggestionRows({ db, projectId: (await getProjectBySlug({ db, slug }))!.id });
}

/** The project's ranking settings and encoder model, as a lead would save them on the insights page. */
export async function setRankingSettings(slug: string, changes: Partial<RankingSettingsView>) {
  const db = await getDb();
  return await saveRankingSettings({ db, projectId: (await getProjectBySlug({ db, slug }))!.id, actorId: null, changes });
}

/** How many of the project's items have an embedding for the model. */
export async function embeddingCoverageOf(slug: string, modelId: string) {
  const db = await getDb();
  return await embeddingCoverage({ db, projectId: (await getProjectBySlug({ db, slug }))!.id, modelId });
}

/** The project classifier's versions, newest first. */
export async function classifierVersionsOf(slug: string) {
  const db = await getDb();
  return await listClassifierVersions({ db, projectId: (await getProjectBySlug({ db, slug }))!.id });
}

/** The open items in queue order with their scores, as the latest ranking left them. */
export async function rankedQueueOf(slug: string, limit: number) {
  const db = await getDb();
  return await rankedQueueHead({ db, projectId: (await getProjectBySlug({ db, slug }))!.id, limit });
}

/**
 * Labels (or, in a spans project, spans) as if each person had submitted them in the annotate view,
 * for tests about what follows.
 */
export async function seedLabels(slug: string, votes: ({ person: Person; item: string } & ({ label: string } | { spans: StoredSpan[] }))[]) {
  const db = await getDb();
  const projectId = (await getProjectBySlug({ db, slug }))!.id;
  const itemIds = new Map<string, number>();
  for await (const { fromId, toId } of projectItemWindows({ db, projectId, width: 1000 })) {
    for (let id = fromId; id <= toId; id++) {
      const item = await getItem({ db, projectId, itemId: id });
      if (item) itemIds.set(item.externalId, item.id);
    }
  }
  for (const vote of votes) {
    await submitAnnotation({
      db,
      projectId,
      annotatorId: await userId(vote.person),
      input: {
        id: randomUUID(),
        itemId: itemIds.get(vote.item)!,
        ...("spans" in vote ? { labels: [], spans: vote.spans } : { labels: [vote.label] }),
        notSure: false,
        suggestionShown: false,
        rejectedSuggestion: false,
      },
    });
  }
}

/** A fresh account for a test that changes passwords or deactivates someone, so PEOPLE stay as they are. */
export async function createAccount({ email, name, password }: { email: string; name: string; password: string }) {
  return await createUser({ db: await getDb(), email, name, passwordHash: await hashPassword(password, email) });
}

/** Failed sign-ins the server counted against a throttle key ("account:<email>" or "address:<ip>"). */
export async function signInFailures(key: string): Promise<number> {
  return await signInFailureCount({ db: await getDb(), key });
}

/** Counts `count` failed sign-ins against an account as if they happened at `at`, to reach the lock without waiting out the delays. */
export async function recordFailedSignIns(email: string, count: number, at: Date) {
  for (let i = 0; i < count; i += 1)
    await recordSignInFailure({ db: await getDb(), keys: [{ key: accountThrottleKey(email), policy: ACCOUNT_THROTTLE }], now: at });
}
