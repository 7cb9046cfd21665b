import { afterEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import { getRun, listRuns } from "@/db/queries/llm-runs";
import { invalidAnswersOfRun } from "@/db/queries/llm-invalid-answers";
import { countItemsToAsk } from "@/db/queries/prelabel-store";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { TEST_API_KEY } from "./prelabel-test-fixtures";
import { runToEnd } from "@/lib/jobs/job-test-support";
import { retryInvalidAnswers, startRun } from "./run-manager";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "./stored-run-fixtures";

// The run manager opens the stored key under GOLDSET_SECRET; env() reads it on first use.
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

let server: OpenAITestServer | null = null;
const closers: (() => void)[] = [];
afterEach(async () => {
  await server?.stop();
  server = null;
  while (closers.length > 0) closers.pop()!();
});

describe("invalid answers of a run, against the loopback test server", () => {
  it("are listed with the raw answer, count as items without an answer, and are retried alone with the same prompt version", async () => {
    server = await startOpenAITestServer({ apiKey: TEST_API_KEY });
    // One bad reply each; once used up, the server answers these items properly.
    server.script({ item: "Message 0:", replies: [{ kind: "content", content: "Sure! It is spam." }] });
    server.script({ item: "Message 1:", replies: [{ kind: "labels", labels: ["eggs"] }] });
    server.script({ item: "Message 2:", replies: [{ kind: "content", content: '{"labels": ["ham"' }] });
    const { db, close } = await openTestDatabase();
    closers.push(close);
    const { project, version } = await llmProjectFixture({ db, baseUrl: server.url, texts: messageTexts(7) });
    const projectId = project.id;
    const toAsk = async () => await countItemsToAsk({ db, projectId, version: version.version, retryOf: null });

    // At most 6 of the 7 items: m6 stays unasked, and a retry must leave it so.
    const { run: first, job } = await startRun({ db, projectId, promptVersionId: version.id, itemLimit: 6, actorId: null });
    await runToEnd(db, job);
    expect(await getRun({ db, runId: first.id })).toMatchObject({ status: "completed", progress: { total: 6, done: 6, invalid: 3, failed: 0 } });
    expect(await toAsk()).toBe(4);

    const invalid = await invalidAnswersOfRun({ db, projectId, runId: first.id });
    expect(invalid.map(({ itemId, status, rawAnswer, answeredSince }) => ({ itemId, status, rawAnswer, answeredSince }))).toEqual([
      { itemId: "m0", status: "parse_error", rawAnswer: "Sure! It is spam.", answeredSince: false },
      { itemId: "m1", status: "unknown_label", rawAnswer: expect.stringContaining('"eggs"'), answeredSince: false },
      { itemId: "m2", status: "parse_error", rawAnswer: '{"labels": ["ham"', answeredSince: false },
    ]);
    expect(invalid[1]?.error).toContain("eggs");

    const { run: retry, job: retryJob } = await retryInvalidAnswers({ db, projectId, runId: first.id, actorId: null });
    expect(retry).toMatchObject({ retryOf: first.id, promptVersionId: version.id });
    await runToEnd(db, retryJob);
    expect(await getRun({ db, runId: retry.id })).toMatchObject({ status: "completed", progress: { total: 3, done: 3, invalid: 0 } });
    expect(Object.fromEntries(server.stats.requestsPerItem)).toEqual(Object.fromEntries(messageTexts(6).map((text, index) => [text, index < 3 ? 2 : 1])));
    // In item order: the retry's requests run concurrently, so their rows are stored in whatever order the answers came.
    const answers = (await llmSuggestionRows({ db, projectId }))
      .filter((row) => row.runId === retry.id)
      .sort((a, b) => a.externalId.localeCompare(b.externalId));
    expect(answers.map((row) => [row.externalId, row.status, row.labels, row.promptVersion])).toEqual([
      ["m0", "ok", ["spam"], 1],
      ["m1", "ok", ["ham"], 1],
      ["m2", "ok", ["ham"], 1],
    ]);
    expect((await invalidAnswersOfRun({ db, projectId, runId: first.id })).map((answer) => answer.answeredSince)).toEqual([true, true, true]);
    expect(await toAsk()).toBe(1);
    await expect(retryInvalidAnswers({ db, projectId, runId: first.id, actorId: null })).rejects.toThrow(/Nothing to retry/);

    await runToEnd(db, (await startRun({ db, projectId, promptVersionId: version.id, itemLimit: null, actorId: null })).job);
    expect(server.stats.requests).toHaveLength(10);
    expect(await toAsk()).toBe(0);
    // A run that would ask nothing is refused, and nothing is recorded.
    await expect(startRun({ db, projectId, promptVersionId: version.id, itemLimit: null, actorId: null })).rejects.toThrow(
      "Nothing to ask: every item already has a valid answer for prompt v1.",
    );
    expect(await listRuns({ db, projectId })).toHaveLength(3);
  });
});
