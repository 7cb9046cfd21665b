import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { listClassifierVersions } from "@/db/queries/classifier-versions";
import { seedProject } from "@/db/test-seed";
import { readVersionMetrics } from "@/lib/active-learning/server/version-metrics";
import { jsonPost, openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as queuePost } from "../queue/route";
import { POST } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

// Four topics, six near-identical messages each, written topic by topic: in file order the first
// six items an annotator saw would all be about the same thing.
const TOPICS = {
  football: "the football match ended with a late goal from the striker",
  weather: "heavy rain and strong winds expected across the northern coast tonight",
  cooking: "simmer the garlic tomato sauce slowly then add fresh basil leaves",
  finance: "quarterly interest rates rose sharply as bond markets tumbled",
} as const;
const topicOf = new Map<string, string>();
const lines: string[] = [];
for (const [topic, sentence] of Object.entries(TOPICS)) {
  for (let k = 1; k <= 6; k++) {
    const id = `${topic}-${k}`;
    topicOf.set(id, topic);
    lines.push(JSON.stringify({ id, text: `${sentence} (${k})` }));
  }
}

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  ({ projectId, people } = await seedProject(db, {
    people: { lead: "lead", ann: "annotator" },
    project: { name: "Topics", slug: "topics", labels: ["sport", "other"] },
  }));
});
afterAll(() => close());

describe("POST /api/projects/[slug]/import: the first items served follow the cold-start order", () => {
  it("ranks the first import before answering, and the annotator's first items spread over the topics", async () => {
    signedIn.userId = people.lead!;
    const request = new Request("http://localhost/api/projects/topics/import?fileName=topics.jsonl", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: lines.join("\n"),
    });
    const response = await POST(request, routeParams({ slug: "topics" }));
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ inserted: 24, duplicates: 0 });

    const versions = await listClassifierVersions({ db, projectId });
    expect(versions).toHaveLength(1);
    // No labels yet: every open item is a diversity pick (at least 30 picks, 24 items).
    expect(readVersionMetrics(versions[0]!.metrics)).toMatchObject({ trigger: "import", coldStart: true, diversityPicks: 24 });

    signedIn.userId = people.ann!;
    const served = await queuePost(jsonPost("/api/projects/topics/queue", { count: 4 }), routeParams({ slug: "topics" }));
    expect(served.status).toBe(200);
    const { items } = (await served.json()) as { items: { externalId: string }[] };
    // k-means++ picks each next item with probability proportional to its squared distance from
    // the picks before: after one message of a topic, its five near-copies are almost free to
    // reach, so the first four picks are one message of each topic.
    expect(new Set(items.map((item) => topicOf.get(item.externalId)))).toEqual(new Set(Object.keys(TOPICS)));
  });
});
