// Two `next start` instances on one PostgreSQL database, as a team that outgrows one machine runs
// Goldset: annotators split between them never get an item beyond its overlap, and a job whose
// instance is killed without warning (SIGKILL) mid-run is finished by the other once its lease
// lapses, as the lead then sees on the survivor's Jobs page.
// PostgreSQL only (the PostgreSQL pass, `npm run test:pg`): SQLite is served by one process. The
// instances get a database of their own, so the suite's server and its job runner stay out of it.
import { expect, test } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Db } from "@/db";
import { getJob } from "@/db/queries/jobs";
import { getRun } from "@/db/queries/llm-runs";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { llmSuggestionRows } from "@/db/queries/suggestions";
import { createUser } from "@/db/queries/users";
import { rawRows } from "@/db/raw-sql";
import { databaseEnvFor, openTestDatabase } from "@/db/test-database";
import { hashPassword } from "@/lib/auth/password";
import { waitForJob } from "@/lib/jobs/wait-for-job";
import { llmProjectFixture, messageTexts, TEST_MASTER_SECRET } from "@/lib/llm/runs/stored-run-fixtures";
import { TEST_API_KEY } from "@/lib/llm/runs/prelabel-test-fixtures";
// The benchmarks' way to start built servers and sign in over HTTP: the same `next start` a
// deployment runs, one process per instance, each in its own process group so a kill reaches it.
import { startBenchServers, type BenchServers } from "../bench/bench-server";
import { signInOverHttp } from "../bench/http-sign-in";
import { startOpenAITestServer, type OpenAITestServer } from "./support/openai-test-server";

test.skip(process.env.GOLDSET_DATABASE_URL === undefined, "two instances share a PostgreSQL database: this runs in the PostgreSQL pass (npm run test:pg)");
test.describe.configure({ mode: "serial" });

const PASSWORD = "two-instances-password";
// Short, so the test waits seconds for the dead instance's lease, not the minute a deployment does.
const LEASE_MS = 3_000;
const PORTS = [Number(process.env.GOLDSET_E2E_PORT ?? 3100) + 21, Number(process.env.GOLDSET_E2E_PORT ?? 3100) + 22];

let db: Db;
let closeDb: () => Promise<void>;
let llm: OpenAITestServer;
let servers: BenchServers;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  ({ db, close: closeDb } = await openTestDatabase());
  // Every item answered after a pause, two at a time: a run lasts seconds, long enough to kill it midway.
  llm = await startOpenAITestServer({ delayMs: 150, apiKey: TEST_API_KEY });
  const files = mkdtempSync(join(tmpdir(), "goldset-two-instances-"));
  servers = startBenchServers({
    name: "two-instances",
    ports: PORTS,
    env: {
      ...databaseEnvFor(db),
      GOLDSET_SECRET: TEST_MASTER_SECRET,
      GOLDSET_LLM_ALLOWED_HOSTS: "127.0.0.1",
      GOLDSET_EXPORTS_DIR: join(files, "exports"),
      GOLDSET_MODELS_DIR: join(files, "models"),
      GOLDSET_JOB_LEASE_MS: String(LEASE_MS),
      GOLDSET_JOB_POLL_MS: "200",
    },
  });
  await servers.waitUntilUp();
});

test.afterAll(async () => {
  servers?.stop();
  await servers?.exited();
  await llm?.stop();
  await closeDb?.();
});

async function person(email: string, projectId: string, role: "lead" | "annotator", passwordHash: string): Promise<string> {
  const user = await createUser({ db, email, name: email.split("@")[0]!, passwordHash });
  await setMemberRole({ db, projectId, userId: user.id, role, actorId: null });
  return user.id;
}

async function post(base: string, cookie: string, path: string, body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${base}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, origin: base },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json().catch(() => ({}))) as Record<string, unknown> };
}

test("annotators split between two instances label every item exactly to its overlap, none twice", async () => {
  test.setTimeout(120_000);
  const ITEMS = 24;
  const OVERLAP = 2;
  const project = await createProject({ db, name: "Shared", slug: "shared", taskType: "single_label", labelDefs: [{ name: "a" }, { name: "b" }], overlap: OVERLAP });
  await importItems({
    db,
    projectId: project.id,
    fileName: "items.jsonl",
    format: "jsonl",
    actorId: null,
    records: Array.from({ length: ITEMS }, (_, k) => ({ externalId: `s${k}`, text: `Shared item ${k}`, metadata: {}, contentHash: `shared-${k}` })),
  });
  const passwordHash = await hashPassword(PASSWORD);
  const annotators = await Promise.all(
    Array.from({ length: 6 }, async (_, k) => {
      const email = `annotator${k}@two.test`;
      const id = await person(email, project.id, "annotator", passwordHash);
      const base = servers.bases[k % 2]!;
      return { id, base, cookie: await signInOverHttp(base, email, PASSWORD) };
    }),
  );

  // Each annotator, on its own instance, asks for the next item and labels it until its queue is empty.
  const acknowledged: { annotationId: string; itemId: number; annotatorId: string; base: string }[] = [];
  await Promise.all(
    annotators.map(async (annotator) => {
      for (let step = 0; step <= ITEMS; step++) {
        const queued = await post(annotator.base, annotator.cookie, "/api/projects/shared/queue", { count: 1, holding: [] });
        expect(queued.status, JSON.stringify(queued.json)).toBe(200);
        const next = (queued.json.items as { id: number }[])[0];
        if (!next) return;
        const annotationId = randomUUID();
        const submitted = await post(annotator.base, annotator.cookie, "/api/projects/shared/annotations", {
          id: annotationId,
          itemId: next.id,
          labels: [step % 2 === 0 ? "a" : "b"],
          notSure: false,
          suggestionShown: false,
          rejectedSuggestion: false,
        });
        expect(submitted.status, JSON.stringify(submitted.json)).toBe(201);
        acknowledged.push({ annotationId, itemId: next.id, annotatorId: annotator.id, base: annotator.base });
      }
      throw new Error(`annotator ${annotator.id} was still given items after ${ITEMS} labels`);
    }),
  );

  // Both instances served labels, and the project got exactly its overlap on every item.
  expect(new Set(acknowledged.map((a) => a.base))).toEqual(new Set(servers.bases));
  expect(acknowledged).toHaveLength(ITEMS * OVERLAP);
  const labels = await rawRows<{ id: string; item_id: number; annotator_id: string }>(
    db,
    `select a.id, a.item_id, a.annotator_id from annotations a where a.project_id = ? and a.kind = 'label'
       and not exists (select 1 from annotations s where s.supersedes_id = a.id)`,
    project.id,
  );
  expect(labels.map((l) => l.id).sort()).toEqual(acknowledged.map((a) => a.annotationId).sort());
  const perItem = new Map<number, string[]>();
  for (const label of labels) perItem.set(Number(label.item_id), [...(perItem.get(Number(label.item_id)) ?? []), label.annotator_id]);
  expect(perItem.size).toBe(ITEMS);
  for (const [itemId, who] of perItem) {
    expect(who, `item ${itemId}`).toHaveLength(OVERLAP);
    expect(new Set(who).size, `item ${itemId} labelled twice by one annotator`).toBe(OVERLAP);
  }
});

test("a pre-labelling run whose instance is killed mid-run is finished by the other instance once its lease lapses; the lead sees it there", async ({ browser }) => {
  test.setTimeout(180_000);
  const texts = messageTexts(60);
  const { project } = await llmProjectFixture({ db, baseUrl: llm.url, texts, connection: { maxConcurrency: 2 } });
  await person("lead@two.test", project.id, "lead", await hashPassword(PASSWORD));

  // The lead starts the run on the first instance, which wakes its runner and claims the job at once.
  const first = servers.bases[0]!;
  const started = await post(first, await signInOverHttp(first, "lead@two.test", PASSWORD), "/api/projects/sms/llm/runs", { promptVersion: 1 });
  expect(started.status, JSON.stringify(started.json)).toBe(201);
  const jobId = (started.json.job as { id: number }).id;
  const runId = (started.json.run as { id: number }).id;

  await expect.poll(async () => (await llmSuggestionRows({ db, projectId: project.id })).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(6);
  const claimed = (await getJob({ db, jobId }))!;
  expect(claimed).toMatchObject({ state: "running", attempts: 1 });
  // The lease owner is host:pid:random; the pid names the instance to kill.
  const holderPid = Number(claimed.leaseOwner!.split(":")[1]);
  const holder = servers.processes.findIndex((server) => server.pid === holderPid);
  expect(holder, `the job's holder ${claimed.leaseOwner} is one of the two instances`).toBeGreaterThanOrEqual(0);
  const killed = servers.processes[holder]!;
  const gone = new Promise<void>((resolve) => killed.once("exit", () => resolve()));
  process.kill(-killed.pid!, "SIGKILL");
  await gone;
  const survivor = servers.bases[1 - holder]!;

  const held = (await getJob({ db, jobId }))!;
  expect(held).toMatchObject({ state: "running", attempts: 1, leaseOwner: claimed.leaseOwner });
  expect((await llmSuggestionRows({ db, projectId: project.id })).length).toBeLessThan(texts.length);

  const done = await waitForJob({ db, jobId, timeoutMs: 90_000 });
  expect(done).toMatchObject({ state: "succeeded", attempts: 2, leaseOwner: null, result: { runId, status: "completed" } });
  // Taken over only once the dead instance's lease had lapsed.
  expect(done.startedAt!.getTime()).toBeGreaterThan(held.leaseExpiresAt!.getTime());
  expect((await getRun({ db, runId }))?.progress).toMatchObject({ done: texts.length, failed: 0 });
  // Every item answered once, by this run: the ones the dead instance had in flight were asked again.
  const rows = await llmSuggestionRows({ db, projectId: project.id });
  expect(rows.map((row) => row.externalId).sort()).toEqual(texts.map((_, k) => `m${k}`).sort());
  expect(rows.every((row) => row.runId === runId && row.status === "ok")).toBe(true);

  // The lead, signed in on the survivor, sees the job done on its second attempt.
  const context = await browser.newContext({ baseURL: survivor });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email").fill("lead@two.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL("**/projects**");
  await page.goto("/projects/sms/jobs");
  const row = page.getByTestId(`job-${jobId}`);
  await expect(row).toHaveAttribute("data-state", "succeeded");
  await expect(row.getByRole("cell", { name: /^2 of \d+$/ })).toBeVisible();
  await context.close();
});
