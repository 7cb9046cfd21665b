import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import type { Db } from "@/db";
import { submitAnnotation } from "@/db/queries/annotations";
import { getProjectSettings } from "@/db/queries/project-settings";
import { updateProjectSettings } from "@/db/queries/projects";
import { countItemsToAsk } from "@/db/queries/prelabel-store";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { suggestionsForItem } from "@/db/queries/suggestions";
import { createUser } from "@/db/queries/users";
import { setMemberRole } from "@/db/queries/memberships";
import { suggestions } from "@/db/schema";
import { startOpenAITestServer, type OpenAITestServer, type ReceivedChatRequest } from "@/e2e/support/openai-test-server";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { defaultPromptInput } from "./project-prompt";
import { TEST_API_KEY } from "@/lib/llm/runs/prelabel-test-fixtures";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { startRun } from "@/lib/llm/runs/run-manager";
import { saveProjectPrompt } from "./save-project-prompt";
import { llmProjectFixture, TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";

// The run manager opens the stored key under GOLDSET_SECRET; env() reads it on first use.
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

let server: OpenAITestServer | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
  while (closers.length > 0) closers.pop()!();
});

const ITEM_BLOCK = /<(item-[0-9a-f]{12})>\n([\s\S]*?)\n<\/\1>/;

/**
 * A model that copies: when the prompt's few-shot examples hold the asked text, it answers the
 * example's labels; otherwise "ham". Exactly what a real model tends to do with its own answer in
 * the prompt.
 */
function copycat(request: ReceivedChatRequest): string {
  const messages = (request.body.messages ?? []) as { role: string; content: string }[];
  for (let i = 1; i + 1 < messages.length - 1; i++) {
    const example = messages[i]!;
    if (example.role === "user" && ITEM_BLOCK.exec(example.content)?.[2] === request.itemText && messages[i + 1]!.role === "assistant") {
      return messages[i + 1]!.content;
    }
  }
  return JSON.stringify({ rationale: "", labels: ["ham"], confidence: 0.6 });
}

/** The labels of the suggestion the annotator is sent for the item (withheld or not, by its id), or null. */
async function suggestedLabels(db: Db, projectId: string, itemId: number): Promise<string[] | null> {
  const view = (
    await suggestionsForAnnotator({ db, project: { id: projectId, taskType: "single_label", settings: await getProjectSettings({ db, projectId }) }, itemIds: [itemId] })
  ).get(itemId);
  if (!view) return null;
  return (await suggestionsForItem({ db, projectId, itemId })).find((row) => row.id === view.id)!.labels;
}

describe("LLM suggestions and few-shot examples drawn from other annotators' labels", () => {
  it("never ask about, nor show an answer for, an item whose own label is one of the prompt's examples", async () => {
    server = await startOpenAITestServer({ apiKey: TEST_API_KEY });
    server.script({ replies: Array.from({ length: 40 }, () => ({ kind: "content" as const, content: copycat })) });
    const { db, close } = await openTestDatabase();
    closers.push(close);
    const texts = Array.from({ length: 8 }, (_, k) => `Message ${k}: see you at ${k + 1} o'clock`);
    const { project } = await llmProjectFixture({ db, baseUrl: server.url, texts });
    const projectId = project.id;
    const lead = (await createUser({ db, email: "lead@example.org", name: "lead", passwordHash: "x" })).id;
    const ann1 = (await createUser({ db, email: "ann1@example.org", name: "ann1", passwordHash: "x" })).id;
    const ann2 = (await createUser({ db, email: "ann2@example.org", name: "ann2", passwordHash: "x" })).id;
    for (const userId of [lead, ann1, ann2]) await setMemberRole({ db, projectId, userId, role: userId === lead ? "lead" : "annotator", actorId: null });
    await updateProjectSettings({ db, projectId, actorId: lead, changes: { overlap: 2 } });

    // Annotator 1 takes m0..m5 from the queue and labels them by coin flip (recorded here): each
    // item now rests on that one label ("single") and waits for its second annotator.
    const flips = ["spam", "ham", "spam", "ham", "spam", "spam"];
    const served = await nextItemsForAnnotator({ db, projectId, userId: ann1, count: flips.length });
    expect(served.map((item) => item.externalId)).toEqual(["m0", "m1", "m2", "m3", "m4", "m5"]);
    for (const [k, item] of served.entries()) {
      await submitAnnotation({
        db,
        projectId,
        annotatorId: ann1,
        input: { id: randomUUID(), itemId: item.id, labels: [flips[k]!], notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
    const idOf = new Map(served.map((item) => [item.externalId, item.id]));

    // The lead saves a prompt with four examples: by label in turn, m0 (spam), m1 (ham), m2 (spam), m3 (ham).
    const { version } = await saveProjectPrompt({ db, project, actorId: lead, input: { ...defaultPromptInput("Spam is unsolicited."), exampleCount: 4 } });
    expect(version.definition.examples.map((example) => [example.text, example.labels])).toEqual([
      [texts[0], ["spam"]],
      [texts[1], ["ham"]],
      [texts[2], ["spam"]],
      [texts[3], ["ham"]],
    ]);
    // Of the 8 items, the four examples are not to be asked.
    expect(await countItemsToAsk({ db, projectId, version: version.version, retryOf: null })).toBe(4);

    await runToEnd(db, (await startRun({ db, projectId, promptVersionId: version.id, itemLimit: null, actorId: lead })).job);
    expect([...server.stats.requestsPerItem.keys()].sort()).toEqual([texts[4], texts[5], texts[6], texts[7]]);
    await expect(startRun({ db, projectId, promptVersionId: version.id, itemLimit: null, actorId: lead })).rejects.toThrow(
      "Nothing to ask: every item already has a valid answer for prompt v2, or is where one of its 4 few-shot examples comes from (never asked about).",
    );

    // Annotator 2 works through the queue: the four items used as examples come with no LLM
    // suggestion at all (model suggestions need a classifier, which this project has not trained);
    // the others with the model's answer, which saw nobody's label of them.
    const seen = new Map<string, string[] | null>();
    for (;;) {
      const [item] = await nextItemsForAnnotator({ db, projectId, userId: ann2, count: 1 });
      if (!item) break;
      seen.set(item.externalId, await suggestedLabels(db, projectId, item.id));
      await submitAnnotation({
        db,
        projectId,
        annotatorId: ann2,
        input: { id: randomUUID(), itemId: item.id, labels: ["ham"], notSure: false, suggestionShown: false, rejectedSuggestion: false },
      });
    }
    expect(Object.fromEntries(seen)).toEqual({
      m0: null,
      m1: null,
      m2: null,
      m3: null,
      m4: ["ham"],
      m5: ["ham"],
      m6: ["ham"],
      m7: ["ham"],
    });

    // An answer stored for an example's own item (as a run before this rule could write) is not shown either.
    await db.insert(suggestions).values({
      projectId,
      itemId: idOf.get("m0")!,
      sourceKind: "llm",
      modelName: "test-model",
      promptVersion: version.version,
      promptHash: version.hash,
      labels: ["spam"],
      confidence: 1,
      status: "ok",
      createdAt: new Date(),
    });
    expect(await suggestedLabels(db, projectId, idOf.get("m0")!)).toBeNull();
  });
});
