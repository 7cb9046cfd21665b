import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { importItems } from "@/db/queries/items";
import { saveConnection } from "@/db/queries/llm-connection";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { startOpenAITestServer, type OpenAITestServer } from "@/e2e/support/openai-test-server";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { defaultPromptInput } from "@/lib/llm/prompts/project-prompt";
import { runToEnd } from "@/lib/jobs/job-test-support";
import type { JobView } from "@/lib/jobs/job-view";
import { getJob } from "@/db/queries/jobs";
import { saveProjectPrompt } from "@/lib/llm/prompts/save-project-prompt";
import { TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";
import { PUT } from "./route";
import { POST as startRunRoute } from "../runs/route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

// The operator lists the name `localhost` only: its addresses are allowed, a literal 127.0.0.1 is not.
vi.hoisted(() => {
  process.env.GOLDSET_LLM_ALLOWED_HOSTS = "localhost";
  process.env.GOLDSET_SECRET = "test-master-secret-0123456789abcdef";
});

let db: Db;
let close: () => void;
let server: OpenAITestServer;
let projectId: string;
let lead: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  server = await startOpenAITestServer({ host: "127.0.0.1", apiKey: null });
  lead = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  const project = await createProject({
    db,
    name: "SMS",
    slug: "sms",
    taskType: "single_label",
    labelDefs: [{ name: "ham" }, { name: "spam" }],
    createdBy: lead,
  });
  projectId = project.id;
  await importItems({
    db,
    projectId,
    fileName: "t.jsonl",
    format: "jsonl",
    actorId: lead,
    records: ["lunch at noon?", "win a free cruise"].map((text, i) => ({ externalId: `m${i}`, text, metadata: {}, contentHash: `h${i}` })),
  });
  // A connection saved before the allow-list existed, straight into the database.
  await saveConnection({
    db,
    projectId,
    actorId: lead,
    masterSecret: () => TEST_MASTER_SECRET,
    input: { ...connectionBody(`http://127.0.0.1:${port()}/v1`), clearApiKey: false },
  });
  await saveProjectPrompt({ db, project, actorId: lead, input: defaultPromptInput("Spam is unsolicited bulk messaging.") });
});
afterAll(async () => {
  await server.stop();
  close();
});

const port = () => new URL(server.url).port;

function connectionBody(baseUrl: string) {
  return {
    baseUrl,
    model: "test-model",
    temperature: 0,
    authScheme: "bearer" as const,
    timeoutMs: 5_000,
    maxConcurrency: 2,
    requestsPerMinute: null,
    tokenBudget: null,
  };
}

async function saveAs(baseUrl: string) {
  signedIn.userId = lead;
  const request = new Request("http://localhost/api/projects/sms/llm/connection", {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(connectionBody(baseUrl)),
  });
  const response = await PUT(request, routeParams({ slug: "sms" }));
  return { status: response.status, body: (await response.json()) as { message?: string; problems?: { field: string }[] } };
}

async function startRun() {
  signedIn.userId = lead;
  const response = await startRunRoute(jsonPost("/api/projects/sms/llm/runs", { promptVersion: 1 }), routeParams({ slug: "sms" }));
  return { status: response.status, body: (await response.json()) as { message?: string; job?: JobView } };
}

describe("the LLM connection and run routes under GOLDSET_LLM_ALLOWED_HOSTS", () => {
  it("refuse a base URL on an inward address that is not listed, and nothing is sent to it; the listed name works", async () => {
    for (const baseUrl of [`http://127.0.0.1:${port()}/v1`, `http://[::1]:${port()}/v1`, "http://169.254.169.254/v1", "http://10.0.0.8:8000/v1"]) {
      const answer = await saveAs(baseUrl);
      expect(answer.status, baseUrl).toBe(400);
      expect(answer.body.message, baseUrl).toMatch(
        /^Refused to send LLM requests to .* address\. The server only contacts public hosts unless GOLDSET_LLM_ALLOWED_HOSTS lists the host/,
      );
      expect(answer.body.problems?.[0]?.field).toBe("baseUrl");
    }
    // The connection saved before the allow-list existed is refused when a run starts.
    const refusedRun = await startRun();
    expect(refusedRun.status).toBe(400);
    expect(refusedRun.body.message).toContain(`Refused to send LLM requests to 127.0.0.1: a loopback address`);
    expect(refusedRun.body.job).toBeUndefined();
    expect(server.stats.requests).toHaveLength(0);

    // The listed name reaches the same server.
    const saved = await saveAs(`http://localhost:${port()}/v1`);
    expect(saved.status).toBe(200);
    const run = await startRun();
    expect(run.status).toBe(201);
    expect(run.body.job).toMatchObject({ kind: "llm-run", state: "queued" });
    expect((await runToEnd(db, (await getJob({ db, jobId: run.body.job!.id }))!)).state).toBe("succeeded");
    expect(server.stats.requests.map((request) => request.itemText).sort()).toEqual(["lunch at noon?", "win a free cruise"]);
  });
});
