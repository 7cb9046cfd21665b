import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { embeddingCoverage } from "@/db/queries/embeddings";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { bytesToBase64 } from "@/lib/active-learning/base64";
import { encodeEmbeddings } from "@/lib/active-learning/embedding-codec";
import { workflowSettings } from "@/lib/projects/workflow-settings";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as claimRoute } from "./claim/route";
import { POST as postRoute } from "./route";

vi.mock("next-auth", () => ({ getServerSession: sessionFor }));

const DIM = 8;
let db: Db;
let close: () => void;
let projectId: string;
let modelId: string;
const people: Record<string, string> = {};

beforeAll(() => {
  ({ db, close } = openRouteTestDatabase());
  for (const name of ["lead", "ann1", "ann2"]) people[name] = createUser({ db, email: `${name}@example.org`, name, passwordHash: "x" }).id;
  const project = createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: people.lead });
  projectId = project.id;
  modelId = workflowSettings(project.settings).encoderModel;
  for (const who of ["ann1", "ann2"]) setMemberRole({ db, projectId, userId: people[who]!, role: "annotator", actorId: people.lead! });
  const texts = Array.from({ length: 8 }, (_, i) => `text ${i + 1}`);
  importItems({ db, projectId, fileName: "t.jsonl", format: "jsonl", actorId: people.lead!, records: texts.map((t) => ({ externalId: t, text: t, metadata: {}, contentHash: `h-${t}` })) });
});
afterAll(() => close());

const vector = (itemId: number) => Float32Array.from({ length: DIM }, (_, j) => Math.cos(itemId * 3 + j));

async function as<T>(who: string, call: () => Promise<Response>): Promise<{ status: number; body: T }> {
  signedIn.userId = people[who]!;
  const response = await call();
  return { status: response.status, body: (await response.json()) as T };
}

const claim = (who: string) => as<{ items: { id: number; text: string }[] }>(who, () => claimRoute(jsonPost("/api/projects/sms/embeddings/claim", { modelId, count: 3 }), routeParams({ slug: "sms" })));

const post = (who: string, ids: number[], make = vector) =>
  as<{ stored?: number; alreadyPresent?: number; checked?: number; message?: string }>(who, () =>
    postRoute(
      jsonPost("/api/projects/sms/embeddings", { modelId, encoding: "int8", dim: DIM, vectors: ids.map((itemId) => ({ itemId, data: bytesToBase64(encodeEmbeddings(make(itemId), DIM, "int8")) })) }),
      routeParams({ slug: "sms" }),
    ),
  );

describe("POST /api/projects/[slug]/embeddings", () => {
  it("answers 409 for items the caller does not hold, 200 for its own batch, and 403 when a cross-check fails", async () => {
    const ann1 = (await claim("ann1")).body.items.map((i) => i.id);
    const stolen = await post("ann2", ann1);
    expect(stolen.status).toBe(409);
    expect(stolen.body.message).toContain(`You do not hold item(s) ${ann1.join(", ")}`);
    expect(embeddingCoverage({ db, projectId, modelId }).embedded).toBe(0);

    const own = await post("ann1", ann1);
    expect(own).toEqual({ status: 200, body: { stored: 3, alreadyPresent: 0, coverage: { items: 8, embedded: 3, claimed: 0 } } });

    // ann2's batch carries two of ann1's items as checks; the response does not say which, nor that any is.
    const batch = (await claim("ann2")).body.items.map((i) => i.id);
    expect(batch).toHaveLength(5);
    const refused = await post("ann2", batch, (id) => (ann1.includes(id) ? vector(id).map((x) => -x) : vector(id)));
    expect(refused.status).toBe(403);
    expect(embeddingCoverage({ db, projectId, modelId }).embedded).toBe(3);
  });
});
