import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { embeddingCoverage, itemsLackingEmbedding } from "@/db/queries/embeddings";
import { seedProject } from "@/db/test-seed";
import { bytesToBase64 } from "@/lib/active-learning/base64";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as claimRoute } from "./claim/route";
import { POST as postRoute } from "./route";

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
    people: { lead: "lead", ann1: "annotator", ann2: "annotator" },
    project: { name: "SMS", slug: "sms", labels: ["ham", "spam"] },
    items: Array.from({ length: 12 }, (_, i) => `text ${i + 1}`),
  });
  ({ projectId, people } = seed);
  modelId = workflowSettings(seed.project.settings).encoderModel;
});
afterAll(() => close());

/** What an honest encoder says about a text ("text 3"): the same vector whoever computes it. */
const vector = (text: string) => Float32Array.from({ length: DIM }, (_, j) => Math.cos(Number(text.split(" ")[1]) * 3 + j));

type ClaimedAnswer = { items: { ref: string; text: string }[]; held: boolean };

async function as<T>(who: string, call: () => Promise<Response>): Promise<{ status: number; body: T }> {
  signedIn.userId = people[who]!;
  const response = await call();
  return { status: response.status, body: (await response.json()) as T };
}

const claim = (who: string) =>
  as<ClaimedAnswer>(who, () => claimRoute(jsonPost("/api/projects/sms/embeddings/claim", { modelId, count: 3 }), routeParams({ slug: "sms" })));

const post = (who: string, batch: ClaimedAnswer["items"], make = vector) =>
  as<{ stored?: number; alreadyPresent?: number; checked?: number; message?: string; problems?: { field: string }[] }>(who, () =>
    postRoute(
      jsonPost("/api/projects/sms/embeddings", {
        modelId,
        encoding: "int8",
        dim: DIM,
        vectors: batch.map((item) => ({ ref: item.ref, data: bytesToBase64(encodeEmbeddings(make(item.text), DIM, "int8")) })),
      }),
      routeParams({ slug: "sms" }),
    ),
  );

describe("POST /api/projects/[slug]/embeddings/claim", () => {
  it("answers refs and texts, never item ids, and the same refs while the batch is held", async () => {
    const ids = new Set((await itemsLackingEmbedding({ db, projectId, modelId, limit: 100 })).map((item) => String(item.id)));
    expect(ids.size).toBe(12);
    const first = await claim("ann1");
    expect(first.status).toBe(200);
    expect(first.body.items).toHaveLength(3);
    for (const item of first.body.items) expect(Object.keys(item).sort()).toEqual(["ref", "text"]);
    for (const item of first.body.items) expect(ids.has(item.ref)).toBe(false);
    expect(JSON.stringify(first.body)).not.toMatch(/"(item)?[iI]d"/);

    const again = await claim("ann1");
    expect(again.body.held).toBe(true);
    const byRef = (answer: ClaimedAnswer) => [...answer.items].sort((a, b) => a.ref.localeCompare(b.ref));
    expect(byRef(again.body)).toEqual(byRef(first.body));

    // Another user's batch: other items, other refs.
    const other = await claim("ann2");
    expect(other.body.items.filter((item) => first.body.items.some((mine) => mine.ref === item.ref || mine.text === item.text))).toEqual([]);
    for (const who of ["ann1", "ann2"]) expect((await post(who, (who === "ann1" ? first : other).body.items)).status).toBe(200);
  });
});

describe("POST /api/projects/[slug]/embeddings", () => {
  it("answers 409 for refs the caller was not handed, 200 for its own batch, and 403 when a cross-check fails", async () => {
    // Texts 1 to 6 are embedded (previous test), by ann1 and ann2: ann1's next batch is texts 7 to 9 and two of ann2's as checks.
    expect((await embeddingCoverage({ db, projectId, modelId })).embedded).toBe(6);
    const ann1 = (await claim("ann1")).body.items;
    expect(ann1).toHaveLength(5);
    const stolen = await post("ann2", ann1);
    expect(stolen.status).toBe(409);
    expect(stolen.body.message).toContain("5 of the 5 posted vectors name a ref that is not in your embedding batch");
    expect(stolen.body.problems?.map((p) => p.field)).toEqual(ann1.map((_, i) => `vectors.${i}.ref`));
    const forged = await post("ann1", [...ann1.slice(0, 4), { ref: "not-a-ref", text: ann1[4]!.text }]);
    expect(forged.status).toBe(409);
    expect(forged.body.problems?.map((p) => p.field)).toEqual(["vectors.4.ref"]);
    expect((await embeddingCoverage({ db, projectId, modelId })).embedded).toBe(6);

    const own = await post("ann1", ann1);
    expect(own).toEqual({ status: 200, body: { stored: 3, alreadyPresent: 2, coverage: { items: 12, embedded: 9, claimed: 0 } } });

    // ann2's batch carries two of ann1's items as checks; the response does not say which, nor that any is.
    const batch = (await claim("ann2")).body.items;
    expect(batch).toHaveLength(5);
    const embeddedBefore = (text: string) => Number(text.split(" ")[1]) <= 9;
    const refused = await post("ann2", batch, (text) => (embeddedBefore(text) ? vector(text).map((x) => -x) : vector(text)));
    expect(refused.status).toBe(403);
    expect(refused.body.message).not.toMatch(/\bitems? \d/);
    for (const item of batch) expect(refused.body.message).not.toContain(item.ref);
    expect((await embeddingCoverage({ db, projectId, modelId })).embedded).toBe(9);
  });
});
