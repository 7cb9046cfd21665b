// The pre-labelling engine's storage in the app's database (the PrelabelStore contract in
// lib/llm/runs/prelabel-store.ts). The engine's keys map onto rows as follows:
//   itemId          → the item's external id in the project (what leads and logs know it by)
//   promptVersionId → prompt_versions.id, as a string
//   runId           → prelabel_runs.id, as a string
// An answer is a suggestions row (source "llm") for the item and the prompt version's number, with
// its provenance. Only a valid answer (status "ok") settles an item: an invalid one (prose, a label
// outside the set, malformed JSON) and an item given up on (status "request_error") are rows kept
// for audit, and the item stays without an answer for later runs. Claims live in prelabel_claims.
import "server-only";
import { and, asc, count, eq, gt, inArray, notInArray, sql, type SQL } from "drizzle-orm";
import { itemResolutions, items, prelabelClaims, prelabelRuns, promptVersions, suggestions } from "../schema";
import type { Db, Executor } from "../index";
import { exampleTextsByVersion } from "./llm-prompts";
import { refreshItemResolution } from "./resolutions";
import type { RunOwner } from "@/lib/llm/llm-views";
import { storedExampleTexts } from "@/lib/llm/prompts/prompt-input";
import type { PendingItem, PrelabelAnswer, PrelabelFailure, PrelabelProgress, PrelabelStore, StopRequest } from "@/lib/llm/runs/prelabel-store";
import { rowsChanged } from "../rows";
import { prepared } from "../prepared";

type VersionKey = { id: number; version: number; hash: string; model: string; exampleTexts: ReadonlySet<string> };

/** Items read per step when walking the table for pending items, at least. */
const MIN_CLAIM_WINDOW = 64;

function numericKey(value: string, what: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new Error(`${what} "${value}" is not a stored id`);
  return Number(value);
}

function answeredFor(version: number): SQL {
  return sql`exists (select 1 from ${suggestions} s where s.item_id = ${items.id} and s.source_kind = 'llm'
    and s.prompt_version = ${version} and s.status = 'ok')`;
}

/** An item the run got an invalid answer for: what a retry of that run asks about again. */
function answeredInvalidBy(runId: number): SQL {
  return sql`exists (select 1 from ${suggestions} s where s.item_id = ${items.id} and s.run_id = ${runId}
    and s.status not in ('ok', 'request_error'))`;
}

/**
 * How many of the project's items a run of the prompt version would ask about: those without a
 * valid answer for it, and for a retry only those the retried run got an invalid answer for.
 * Items whose text is one of the version's few-shot examples are never asked (see
 * exampleTextsByVersion): the prompt already holds their label.
 */
export async function countItemsToAsk({
  db,
  projectId,
  version,
  retryOf,
}: {
  db: Executor;
  projectId: string;
  version: number;
  retryOf: number | null;
}): Promise<number> {
  const exampleTexts = [...((await exampleTextsByVersion({ db, projectId, versions: [version] })).get(version) ?? [])];
  return (
    (
      await db
        .select({ n: count() })
        .from(items)
        .where(
          and(
            eq(items.projectId, projectId),
            sql`not ${answeredFor(version)}`,
            retryOf === null ? undefined : answeredInvalidBy(retryOf),
            exampleTexts.length === 0 ? undefined : notInArray(items.text, exampleTexts),
          ),
        )
        .limit(1)
    )[0]?.n ?? 0
  );
}

export class SqlitePrelabelStore implements PrelabelStore {
  private readonly db: Db;
  private readonly projectId: string;
  private readonly owner: RunOwner | null;
  /** Set for a retry run: the run whose invalid answers it asks about again, and nothing else. */
  private readonly retryOf: number | null;
  private readonly versions = new Map<string, VersionKey>();
  /** External id → items.id, learnt when items are claimed. */
  private readonly itemIds = new Map<string, number>();
  /**
   * Per (version, run): the highest item id handed out. Items below it are answered or held by the
   * run, so the next claim starts after it instead of rescanning the answered part of the project.
   * A release moves it back.
   */
  private readonly cursors = new Map<string, number>();
  private prepared: ReturnType<typeof prepareStoreStatements> | null = null;

  constructor({ db, projectId, owner = null, retryOf = null }: { db: Db; projectId: string; owner?: RunOwner | null; retryOf?: number | null }) {
    this.db = db;
    this.projectId = projectId;
    this.owner = owner;
    this.retryOf = retryOf;
  }

  private async version(promptVersionId: string): Promise<VersionKey> {
    const cached = this.versions.get(promptVersionId);
    if (cached) return cached;
    const row = (
      await this.db
        .select({ id: promptVersions.id, version: promptVersions.version, hash: promptVersions.hash, options: promptVersions.options })
        .from(promptVersions)
        .where(and(eq(promptVersions.id, numericKey(promptVersionId, "Prompt version")), eq(promptVersions.projectId, this.projectId)))
        .limit(1)
    )[0];
    if (!row) throw new Error(`Prompt version ${promptVersionId} is not in project ${this.projectId}`);
    const generation = row.options.generation as { model?: unknown } | undefined;
    const key = {
      id: row.id,
      version: row.version,
      hash: row.hash,
      model: typeof generation?.model === "string" ? generation.model : "",
      exampleTexts: new Set(storedExampleTexts(row.options)),
    };
    this.versions.set(promptVersionId, key);
    return key;
  }

  private async itemId(db: Executor, externalId: string): Promise<number> {
    const known = this.itemIds.get(externalId);
    if (known !== undefined) return known;
    const row = (
      await db
        .select({ id: items.id })
        .from(items)
        .where(and(eq(items.projectId, this.projectId), eq(items.externalId, externalId)))
        .limit(1)
    )[0];
    if (!row) throw new Error(`Item "${externalId}" is not in project ${this.projectId}`);
    this.itemIds.set(externalId, row.id);
    return row.id;
  }

  async countPendingItems({ promptVersionId }: { promptVersionId: string }): Promise<number> {
    const { version } = await this.version(promptVersionId);
    return await countItemsToAsk({ db: this.db, projectId: this.projectId, version, retryOf: this.retryOf });
  }

  async claimPendingItems({ promptVersionId, runId, limit }: { promptVersionId: string; runId: string; limit: number }): Promise<PendingItem[]> {
    const version = await this.version(promptVersionId);
    const run = numericKey(runId, "Run");
    const cursorKey = `${promptVersionId}:${runId}`;
    const statements = this.statements();
    const claimedAt = new Date();
    // The transaction may run again (PostgreSQL retries it on a conflict), so it changes nothing
    // in memory: the cursor and the id cache are updated once it has committed.
    const { claimed, cursor } = await this.db.transaction(async () => {
      const claimed: { id: number; externalId: string; text: string }[] = [];
      let cursor = this.cursors.get(cursorKey) ?? 0;
      // Walk the items table in id order a window at a time and filter in here. Asking for "this
      // project's pending items after the cursor" in one query lets SQLite pick the project index
      // and sort the whole project on every claim; a bare id range reads the primary key in order.
      while (claimed.length < limit) {
        const window = await statements.claimWindow.execute({
          cursor,
          window: Math.max(MIN_CLAIM_WINDOW, 2 * limit),
          version: version.version,
          promptVersionId: version.id,
          runId: run,
          retryOf: this.retryOf,
        });
        if (window.length === 0) break;
        for (const row of window) {
          if (claimed.length === limit) break;
          cursor = row.id;
          if (row.projectId !== this.projectId || row.answered || row.heldByRun || version.exampleTexts.has(row.text)) continue;
          if (this.retryOf === null || row.invalidInRetried) claimed.push(row);
        }
      }
      for (const row of claimed) {
        await statements.claim.execute({ promptVersionId: version.id, itemId: row.id, runId: run, claimedAt });
      }
      return { claimed, cursor };
    });
    for (const row of claimed) this.itemIds.set(row.externalId, row.id);
    // Claims of this run made at the same time may have moved it further already.
    this.cursors.set(cursorKey, Math.max(cursor, this.cursors.get(cursorKey) ?? 0));
    return claimed.map((row) => ({ itemId: row.externalId, text: row.text }));
  }

  async releaseClaims({ promptVersionId, runId, itemIds }: { promptVersionId: string; runId: string; itemIds: string[] }): Promise<void> {
    if (itemIds.length === 0) return;
    const version = await this.version(promptVersionId);
    const run = numericKey(runId, "Run");
    const ids = await Promise.all(itemIds.map((externalId) => this.itemId(this.db, externalId)));
    await this.db
      .delete(prelabelClaims)
      .where(and(eq(prelabelClaims.promptVersionId, version.id), eq(prelabelClaims.runId, run), inArray(prelabelClaims.itemId, ids)));
    const cursorKey = `${promptVersionId}:${runId}`;
    const cursor = this.cursors.get(cursorKey);
    if (cursor !== undefined) this.cursors.set(cursorKey, Math.min(cursor, Math.min(...ids) - 1));
  }

  async recordAnswer(answer: PrelabelAnswer): Promise<{ stored: boolean }> {
    const version = await this.version(answer.promptVersionId);
    const { provenance, suggestion } = answer;
    const statements = this.statements();
    return await this.db.transaction(async (tx) => {
      const itemId = await this.itemId(tx, answer.itemId);
      if ((await statements.existingAnswer.execute({ itemId, version: version.version }))[0]) return { stored: false };
      await statements.insertAnswer.execute({
        itemId,
        modelName: provenance.requestedModel,
        modelVersion: provenance.model,
        promptVersion: version.version,
        promptHash: provenance.promptHash,
        // Request parameters, plus how the answer ended: what it takes to ask the same again.
        parameters: { ...provenance.parameters, finishReason: provenance.finishReason, answeredAt: provenance.answeredAt },
        rawOutput: provenance.rawResponse,
        labels: suggestion?.labels ?? [],
        confidence: suggestion?.confidence ?? null,
        rationale: suggestion?.rationale ?? null,
        // A spans prompt's answer: what was placed, and what could not be (null for item labels).
        spans: suggestion && "spans" in suggestion ? suggestion.spans : null,
        unplacedQuotes: suggestion && "unplacedQuotes" in suggestion ? suggestion.unplacedQuotes : null,
        status: provenance.parseStatus,
        error: provenance.parseError,
        latencyMs: provenance.latencyMs,
        promptTokens: provenance.usage?.promptTokens ?? null,
        completionTokens: provenance.usage?.completionTokens ?? null,
        attempts: provenance.attempts,
        runId: numericKey(provenance.runId, "Run"),
        createdAt: new Date(),
      });
      // An invalid answer leaves the item without one; like a failure, its claim stays with the run
      // so the run does not ask again at once, while a later run (or a retry) will.
      if (suggestion === null) return { stored: true };
      await statements.deleteClaim.execute({ promptVersionId: version.id, itemId });
      // An item already annotated may now need review because the model disagrees with people.
      if ((await statements.resolution.execute({ itemId }))[0]) await refreshItemResolution(tx, itemId);
      return { stored: true };
    });
  }

  private statements() {
    this.prepared ??= prepareStoreStatements(this.db, this.projectId);
    return this.prepared;
  }

  async recordFailure(failure: PrelabelFailure): Promise<void> {
    const version = await this.version(failure.promptVersionId);
    // The claim stays with the run, so it does not ask again; a later run will.
    await this.db.insert(suggestions).values({
      projectId: this.projectId,
      itemId: await this.itemId(this.db, failure.itemId),
      sourceKind: "llm",
      modelName: version.model,
      promptVersion: version.version,
      promptHash: version.hash,
      parameters: { errorKind: failure.errorKind, httpStatus: failure.httpStatus, failedAt: failure.failedAt },
      status: "request_error",
      error: failure.message,
      attempts: failure.attempts,
      runId: numericKey(failure.runId, "Run"),
      createdAt: new Date(),
    });
  }

  async recordProgress(progress: PrelabelProgress): Promise<void> {
    const runId = numericKey(progress.runId, "Run");
    const stored = (await this.db.select({ progress: prelabelRuns.progress }).from(prelabelRuns).where(eq(prelabelRuns.id, runId)).limit(1))[0];
    if (!stored) throw new Error(`Run ${progress.runId} does not exist`);
    const { total, done, invalid, failed, retried, tokens, inFlight, etaSeconds, stoppedReason } = progress;
    await this.db
      .update(prelabelRuns)
      .set({
        progress: {
          total,
          done,
          invalid,
          failed,
          retried,
          tokens,
          inFlight,
          etaSeconds,
          stoppedReason,
          owner: this.owner ?? stored.progress.owner ?? null,
          updatedAt: new Date().toISOString(),
        },
      })
      .where(eq(prelabelRuns.id, runId));
  }

  async shouldStop({ runId }: { runId: string }): Promise<StopRequest | null> {
    // Polled before every request, hence the prepared statement.
    const row = (await this.statements().runStatus.execute({ runId: numericKey(runId, "Run") }))[0];
    if (row?.status === "paused") return "pause";
    if (row?.status === "cancelled") return "cancel";
    return null;
  }
}

/**
 * items.id spelt out with its table: in a select list drizzle writes a column bare ("id"), which
 * inside a subquery would mean the subquery's own table.
 */
const QUALIFIED_ITEM_ID = sql`${sql.identifier("items")}.${sql.identifier("id")}`;

/**
 * The statements that run once or more per item (claim, answer, stop poll), prepared once per
 * store: building a query each time costs more than running it.
 */
function prepareStoreStatements(db: Db, projectId: string) {
  return {
    claimWindow: prepared(
      db
        .select({
          id: items.id,
          projectId: items.projectId,
          externalId: items.externalId,
          text: items.text,
          answered: sql<number>`exists (select 1 from ${suggestions} s where s.item_id = ${QUALIFIED_ITEM_ID} and s.source_kind = 'llm'
          and s.prompt_version = ${sql.placeholder("version")} and s.status = 'ok')`,
          invalidInRetried: sql<number>`cast(${sql.placeholder("retryOf")} as integer) is not null and exists (select 1 from ${suggestions} s
          where s.item_id = ${QUALIFIED_ITEM_ID} and s.run_id = ${sql.placeholder("retryOf")} and s.status not in ('ok', 'request_error'))`,
          heldByRun: sql<number>`exists (select 1 from ${prelabelClaims} c where c.prompt_version_id = ${sql.placeholder("promptVersionId")}
          and c.item_id = ${QUALIFIED_ITEM_ID} and c.run_id = ${sql.placeholder("runId")})`,
        })
        .from(items)
        .where(gt(items.id, sql.placeholder("cursor")))
        .orderBy(asc(items.id))
        .limit(sql.placeholder("window")),
    ),
    claim: prepared(
      db
        .insert(prelabelClaims)
        .values({
          promptVersionId: sql.placeholder("promptVersionId"),
          itemId: sql.placeholder("itemId"),
          runId: sql.placeholder("runId"),
          claimedAt: sql.placeholder("claimedAt"),
        })
        .onConflictDoUpdate({
          target: [prelabelClaims.promptVersionId, prelabelClaims.itemId],
          set: { runId: sql`excluded.run_id`, claimedAt: sql`excluded.claimed_at` },
        }),
    ),
    existingAnswer: prepared(
      db
        .select({ id: suggestions.id })
        .from(suggestions)
        .where(
          and(
            eq(suggestions.itemId, sql.placeholder("itemId")),
            eq(suggestions.sourceKind, "llm"),
            eq(suggestions.promptVersion, sql.placeholder("version")),
            eq(suggestions.status, "ok"),
          ),
        )
        .limit(1),
    ),
    insertAnswer: prepared(
      db.insert(suggestions).values({
        projectId,
        itemId: sql.placeholder("itemId"),
        sourceKind: "llm",
        modelName: sql.placeholder("modelName"),
        modelVersion: sql.placeholder("modelVersion"),
        promptVersion: sql.placeholder("promptVersion"),
        promptHash: sql.placeholder("promptHash"),
        parameters: sql.placeholder("parameters"),
        rawOutput: sql.placeholder("rawOutput"),
        labels: sql.placeholder("labels"),
        confidence: sql.placeholder("confidence"),
        rationale: sql.placeholder("rationale"),
        spans: sql.placeholder("spans"),
        unplacedQuotes: sql.placeholder("unplacedQuotes"),
        status: sql.placeholder("status"),
        error: sql.placeholder("error"),
        latencyMs: sql.placeholder("latencyMs"),
        promptTokens: sql.placeholder("promptTokens"),
        completionTokens: sql.placeholder("completionTokens"),
        attempts: sql.placeholder("attempts"),
        runId: sql.placeholder("runId"),
        createdAt: sql.placeholder("createdAt"),
      }),
    ),
    deleteClaim: prepared(
      db
        .delete(prelabelClaims)
        .where(and(eq(prelabelClaims.promptVersionId, sql.placeholder("promptVersionId")), eq(prelabelClaims.itemId, sql.placeholder("itemId")))),
    ),
    resolution: prepared(
      db
        .select({ id: itemResolutions.itemId })
        .from(itemResolutions)
        .where(eq(itemResolutions.itemId, sql.placeholder("itemId"))),
    ),
    runStatus: prepared(
      db
        .select({ status: prelabelRuns.status })
        .from(prelabelRuns)
        .where(eq(prelabelRuns.id, sql.placeholder("runId"))),
    ),
  };
}

/**
 * Before an interrupted run resumes under its own id: gives back the claims its dead process held
 * for items it was still asking about, so it asks about them again. Claims on items it gave up on
 * or got an invalid answer for stay, as they would had the run gone on.
 */
export async function releaseInterruptedClaims({ db, runId }: { db: Db; runId: number }): Promise<number> {
  return rowsChanged(
    await db
      .delete(prelabelClaims)
      .where(
        and(
          eq(prelabelClaims.runId, runId),
          sql`not exists (select 1 from ${suggestions} s where s.item_id = ${prelabelClaims.itemId} and s.run_id = ${runId} and s.status <> 'ok')`,
        ),
      ),
  );
}
