import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { claimEmbeddingBatch } from "@/db/queries/embedding-claims";
import { projectEmbeddings, storeEmbeddings } from "@/db/queries/embeddings";
import { seedProject } from "@/db/test-seed";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { claimRefKey } from "@/lib/active-learning/server/embedding-claim-refs";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const DIM = 8;
let db: Db;
let close: () => void;
let projectId: string;
let modelId: string;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: "lead", reviewer: "reviewer", ann: "annotator", outsider: null },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
    items: ["one", "two", "three", "four"],
  });
  ({ projectId, people } = seed);
  modelId = workflowSettings(seed.project.settings).encoderModel;
  const refKey = claimRefKey();
  const batch = (await claimEmbeddingBatch({ db, projectId, modelId, userId: people.ann!, refKey, count: 3 })).items;
  const rows = batch.map((item) => ({
    ref: item.ref,
    bytes: encodeEmbeddings(
      Float32Array.from({ length: DIM }, (_, j) => Math.cos(item.id + j)),
      DIM,
      "int8",
    ),
  }));
  await storeEmbeddings({ db, projectId, modelId, userId: people.ann!, refKey, encoding: "int8", dim: DIM, rows });
});
afterAll(() => close());

async function discardAs(who: string | null, body: unknown = { modelId, userId: people.ann }) {
  signedIn.userId = who;
  const response = await POST(jsonPost("/api/projects/sms/model/embeddings/discard", body), routeParams({ slug: "sms" }));
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/projects/[slug]/model/embeddings/discard", () => {
  it("refuses everyone but a lead, and discards nothing for them", async () => {
    expect((await discardAs(null)).status).toBe(401);
    expect((await discardAs(people.outsider!)).status).toBe(404);
    for (const who of [people.ann!, people.reviewer!]) {
      const answer = await discardAs(who);
      expect(answer.status).toBe(403);
      expect(answer.body.message).toMatch(/does not allow this/);
    }
    expect(await projectEmbeddings({ db, projectId, modelId })).toHaveLength(3);
  });

  it("refuses a stale model id, then lets the lead discard the user's embeddings", async () => {
    expect((await discardAs(people.lead!, { modelId: "some/other-model", userId: people.ann })).status).toBe(409);
    const answer = await discardAs(people.lead!);
    expect(answer).toMatchObject({ status: 200, body: { discarded: 3, coverage: { items: 4, embedded: 0 } } });
    expect(await projectEmbeddings({ db, projectId, modelId })).toEqual([]);
  });
});
