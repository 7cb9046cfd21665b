// A project's LLM connection. The API key is stored sealed (lib/llm/secrets/secret-box.ts) and bound to
// the project; only connectionForRun opens it, and nothing here returns it to a caller that
// renders or logs.
import "server-only";
import { eq } from "drizzle-orm";
import { llmConnections } from "../schema";
import type { Db, Executor } from "../index";
import { recordAudit } from "./audit";
import { env } from "@/lib/env";
import { GoldsetError } from "@/lib/errors";
import type { ConnectionSettings } from "@/lib/llm/client/connection-settings";
import { storedConnectionSettingsSchema, type ConnectionInput, type StoredConnectionSettings } from "@/lib/llm/client/connection-input";
import type { ConnectionView } from "@/lib/llm/llm-views";
import { sameEndpoint } from "@/lib/llm/secrets/same-endpoint";
import { decryptSecret, encryptSecret, maskSecret, SecretBoxError } from "@/lib/llm/secrets/secret-box";

type ConnectionRow = typeof llmConnections.$inferSelect;

function storedSettings(row: ConnectionRow | undefined): StoredConnectionSettings {
  const parsed = storedConnectionSettingsSchema.safeParse(row?.settings ?? {});
  return parsed.success ? parsed.data : storedConnectionSettingsSchema.parse({});
}

async function connectionRow(db: Executor, projectId: string): Promise<ConnectionRow | undefined> {
  return (await db.select().from(llmConnections).where(eq(llmConnections.projectId, projectId)).limit(1))[0];
}

/**
 * GOLDSET_LLM_API_KEY belongs to GOLDSET_LLM_BASE_URL: a project pointed anywhere else runs
 * without it, or any member who may edit the base URL could send the server's key to a listener
 * of their own.
 */
function environmentKeyFor(baseUrl: string): string | null {
  const { GOLDSET_LLM_API_KEY: key, GOLDSET_LLM_BASE_URL: keyBaseUrl } = env();
  if (!key || keyBaseUrl === undefined) return null;
  return sameEndpoint(baseUrl, keyBaseUrl) ? key : null;
}

/** The connection as the LLM page shows it: the environment's defaults until a lead saves one. */
export async function getConnectionView({ db, projectId }: { db: Executor; projectId: string }): Promise<ConnectionView> {
  const row = await connectionRow(db, projectId);
  const settings = storedSettings(row);
  const environment = env();
  const baseUrl = row?.baseUrl ?? environment.GOLDSET_LLM_BASE_URL ?? "";
  const apiKey: ConnectionView["apiKey"] =
    row?.apiKeyCiphertext != null
      ? { source: "stored", masked: settings.apiKeyMask }
      : environmentKeyFor(baseUrl) !== null
        ? { source: "environment", masked: null }
        : { source: "none", masked: null };
  return {
    saved: row !== undefined,
    baseUrl,
    model: row?.model ?? environment.GOLDSET_LLM_MODEL ?? "",
    temperature: settings.temperature,
    authScheme: settings.authScheme,
    timeoutMs: settings.timeoutMs,
    maxConcurrency: settings.maxConcurrency,
    requestsPerMinute: settings.requestsPerMinute,
    tokenBudget: settings.tokenBudget,
    apiKey,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/**
 * Saves the connection. A new key is sealed under `masterSecret`, bound to the project; an absent
 * key keeps the stored one, unless the base URL changes: the key was entered for the old endpoint,
 * and whoever may edit the URL must not be able to redirect it to a listener of their own, so it
 * is dropped unless the same request enters a key again. The audit records what happened to the
 * key, never the key or its mask.
 */
export async function saveConnection({
  db,
  projectId,
  actorId,
  input,
  masterSecret,
  now = new Date(),
}: {
  db: Db;
  projectId: string;
  actorId: string | null;
  input: ConnectionInput;
  /** Called only when a new key is given, so saving other fields works without a secret. */
  masterSecret: () => string;
  now?: Date;
}): Promise<ConnectionView> {
  const newKey = input.apiKey !== undefined && input.apiKey !== "" ? input.apiKey : null;
  const sealed = newKey === null ? null : encryptSecret(newKey, masterSecret(), projectId);
  return await db.transaction(async (tx) => {
    const previous = await connectionRow(tx, projectId);
    const hadKey = previous?.apiKeyCiphertext != null;
    const movedElsewhere = previous !== undefined && !sameEndpoint(previous.baseUrl, input.baseUrl);
    const keyChange = newKey !== null ? "replaced" : input.clearApiKey ? "removed" : movedElsewhere && hadKey ? "dropped_base_url_changed" : "kept";
    const keyGone = keyChange === "removed" || keyChange === "dropped_base_url_changed";
    const ciphertext = keyChange === "replaced" ? sealed : keyGone ? null : (previous?.apiKeyCiphertext ?? null);
    const mask = keyChange === "replaced" && newKey !== null ? maskSecret(newKey) : keyGone ? null : storedSettings(previous).apiKeyMask;
    const settings: StoredConnectionSettings = {
      authScheme: input.authScheme,
      timeoutMs: input.timeoutMs,
      maxConcurrency: input.maxConcurrency,
      requestsPerMinute: input.requestsPerMinute,
      tokenBudget: input.tokenBudget,
      temperature: input.temperature,
      apiKeyMask: mask,
    };
    const values = { baseUrl: input.baseUrl, model: input.model, apiKeyCiphertext: ciphertext, settings, updatedBy: actorId, updatedAt: now };
    await tx
      .insert(llmConnections)
      .values({ projectId, ...values })
      .onConflictDoUpdate({ target: llmConnections.projectId, set: values });
    await recordAudit(tx, {
      projectId,
      actorId,
      action: "llm.connection.save",
      targetType: "llm_connection",
      targetId: projectId,
      details: {
        baseUrl: input.baseUrl,
        model: input.model,
        temperature: input.temperature,
        authScheme: input.authScheme,
        timeoutMs: input.timeoutMs,
        maxConcurrency: input.maxConcurrency,
        requestsPerMinute: input.requestsPerMinute,
        tokenBudget: input.tokenBudget,
        apiKey: keyChange,
      },
    });
    return await getConnectionView({ db: tx, projectId });
  });
}

export type RunConnection = ConnectionSettings & { model: string; temperature: number };

/**
 * The connection with its key opened, for the process that sends requests. Never hand the result
 * to a response, a log line or an error message.
 */
export async function connectionForRun({
  db,
  projectId,
  masterSecret,
}: {
  db: Executor;
  projectId: string;
  masterSecret: () => string;
}): Promise<RunConnection> {
  const view = await getConnectionView({ db, projectId });
  if (view.baseUrl === "") {
    throw new GoldsetError("bad_request", "No LLM connection: enter the endpoint's base URL on the LLM page (or set GOLDSET_LLM_BASE_URL).");
  }
  if (view.model === "") throw new GoldsetError("bad_request", "No model name: enter it on the LLM page (or set GOLDSET_LLM_MODEL).");
  const row = await connectionRow(db, projectId);
  let apiKey = environmentKeyFor(view.baseUrl) ?? "";
  if (row?.apiKeyCiphertext != null) {
    try {
      apiKey = decryptSecret(row.apiKeyCiphertext, masterSecret(), projectId);
    } catch (error) {
      if (error instanceof SecretBoxError) throw new GoldsetError("bad_request", `The stored API key cannot be used: ${error.message}`);
      throw error;
    }
  }
  return {
    baseUrl: view.baseUrl,
    apiKey,
    authScheme: view.authScheme,
    timeoutMs: view.timeoutMs,
    maxConcurrency: view.maxConcurrency,
    requestsPerMinute: view.requestsPerMinute,
    tokenBudget: view.tokenBudget,
    model: view.model,
    temperature: view.temperature,
  };
}
