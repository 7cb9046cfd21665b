import type { Db } from "@/db";
import { importItems } from "@/db/queries/items";
import { saveConnection } from "@/db/queries/llm-connection";
import { createProject } from "@/db/queries/projects";
import type { ConnectionInput } from "@/lib/llm/client/connection-input";
import { defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { TEST_API_KEY } from "./prelabel-test-fixtures";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";

/** A 32-character secret for sealing the test key, as GOLDSET_SECRET would be. */
export const TEST_MASTER_SECRET = "test-master-secret-0123456789abcdef";

/**
 * A spam/ham project in a real database with a saved connection to `baseUrl` (key sealed under
 * TEST_MASTER_SECRET) and prompt v1: what a lead has done on the LLM page before starting a run.
 */
export async function llmProjectFixture({
  db,
  baseUrl,
  texts,
  connection = {},
  slug = "sms",
}: {
  db: Db;
  baseUrl: string;
  texts: string[];
  connection?: Partial<ConnectionInput>;
  slug?: string;
}) {
  const project = await createProject({ db, name: "SMS", slug, taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }] });
  await importItems({
    db,
    projectId: project.id,
    fileName: "items.jsonl",
    format: "jsonl",
    actorId: null,
    records: texts.map((text, index) => ({ externalId: `m${index}`, text, metadata: {}, contentHash: `h${index}` })),
  });
  await saveConnection({
    db,
    projectId: project.id,
    actorId: null,
    masterSecret: () => TEST_MASTER_SECRET,
    input: {
      baseUrl,
      model: "test-model",
      temperature: 0,
      apiKey: TEST_API_KEY,
      clearApiKey: false,
      authScheme: "bearer",
      timeoutMs: 5_000,
      maxConcurrency: 4,
      requestsPerMinute: null,
      tokenBudget: null,
      ...connection,
    },
  });
  const { version } = await saveProjectPrompt({ db, project, actorId: null, input: defaultPromptInput("Spam is unsolicited bulk messaging.") });
  return { project, version };
}

/** Every third message mentions a prize (spam under the test server's rule). */
export function messageTexts(count: number): string[] {
  return Array.from({ length: count }, (_, index) => (index % 3 === 0 ? `Message ${index}: win a free cruise` : `Message ${index}: lunch at noon?`));
}
