import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "@/db/test-database";
import { createRun } from "@/db/queries/llm-runs";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { currentRunOwner } from "./run-owner";
import { executeStoredRun } from "./stored-run";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "./stored-run-fixtures";

// Only 127.0.0.1 is listed (vitest.config.ts); the listener sits on 127.0.0.2, as an internal
// service the server can reach but nobody allowed.
process.env.GOLDSET_SECRET = TEST_MASTER_SECRET;

let connections = 0;
const listener = createServer((request, response) => response.end("{}"));
listener.on("connection", () => connections++);
await new Promise<void>((resolve) => listener.listen(0, "127.0.0.2", resolve));
const port = (listener.address() as AddressInfo).port;
afterAll(() => new Promise((resolve) => listener.close(resolve)));

describe("a stored run whose endpoint the host policy refuses", () => {
  it("sends nothing, tries each item once, and records why", async () => {
    const { db, close } = await openTestDatabase();
    try {
      const { project, version } = await llmProjectFixture({ db, baseUrl: `http://127.0.0.2:${port}/v1`, texts: messageTexts(3) });
      const run = await createRun({ db, projectId: project.id, promptVersionId: version.id, itemLimit: null, actorId: null, owner: currentRunOwner("server") });
      const final = await (
        await executeStoredRun({
          db,
          runId: run.id,
          owner: currentRunOwner("server"),
          masterSecret: () => TEST_MASTER_SECRET,
          engine: { progressIntervalMs: 10, stopPollIntervalMs: 10, retryPolicy: { baseDelayMs: 5, maxDelayMs: 20 } },
        })
      ).result;

      expect(final.progress).toMatchObject({ total: 3, failed: 3, retried: 0 });
      const rows = await llmSuggestionRows({ db, projectId: project.id });
      expect(rows.map((row) => [row.status, row.attempts])).toEqual([
        ["request_error", 1],
        ["request_error", 1],
        ["request_error", 1],
      ]);
      expect(rows[0]?.error).toBe(
        "Refused to send LLM requests to 127.0.0.2: a loopback address. " +
          `The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host, e.g. GOLDSET_LLM_ALLOWED_HOSTS=127.0.0.2:${port}.`,
      );
      expect(connections).toBe(0);
    } finally {
      await close();
    }
  });
});
