// Body size limits on real route handlers: JSON bodies past GOLDSET_MAX_JSON_BYTES and uploads
// past GOLDSET_MAX_UPLOAD_BYTES are refused with 413 after reading at most about the limit.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "./route-test-support";
import { POST as annotate } from "./projects/[slug]/annotations/route";
import { POST as importFile } from "./projects/[slug]/import/route";
import { POST as importPredictions } from "./projects/[slug]/predictions/route";
import { rawRow } from "@/db/raw-sql";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const JSON_LIMIT = 4_096;
const UPLOAD_LIMIT = 20_000;
const CHUNK = 1_000;
let db: Db;
let close: () => void;
let lead: string;
let annotator: string;

beforeAll(async () => {
  process.env.GOLDSET_MAX_JSON_BYTES = String(JSON_LIMIT);
  process.env.GOLDSET_MAX_UPLOAD_BYTES = String(UPLOAD_LIMIT);
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", name: "Lead" }, ann: { role: "annotator", name: "Ann" } },
    project: { name: "P", slug: "p", labels: ["a", "b"] },
    items: [{ externalId: "1", text: "one" }],
  });
  ({ lead, ann: annotator } = seed.people);
});
afterAll(() => close());

/** A body of `total` bytes sent in 1,000-byte chunks, without a content-length, counting what was pulled. */
function streamedBody(total: number, chunk: (index: number) => string): { body: ReadableStream<Uint8Array>; pulled: () => number } {
  let sent = 0;
  let index = 0;
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) return controller.close();
      const bytes = encoder.encode(chunk(index++)).slice(0, CHUNK);
      sent += bytes.byteLength;
      controller.enqueue(bytes);
    },
  });
  return { body, pulled: () => sent };
}

function post(path: string, body: ReadableStream<Uint8Array> | string, contentType: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { "content-type": contentType, ...headers }, body, duplex: "half" } as RequestInit);
}

const itemsCount = async () => ((await rawRow(db, "SELECT count(*) AS n FROM items")) as { n: number }).n;

describe("request size limits", () => {
  it("refuses a JSON body past the limit with 413, having read no more than the limit and one chunk", async () => {
    signedIn.userId = annotator;
    const huge = streamedBody(1_000_000, () => " ".repeat(CHUNK));
    const response = await annotate(post("/api/projects/p/annotations", huge.body, "application/json"), routeParams({ slug: "p" }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toBe("The JSON body (GOLDSET_MAX_JSON_BYTES) is larger than the limit of 4096 bytes.");
    expect(huge.pulled()).toBeLessThanOrEqual(JSON_LIMIT + 2 * CHUNK);
  });

  it("refuses a JSON body whose declared length is past the limit before reading it", async () => {
    signedIn.userId = annotator;
    // The body itself is small: only the announced 300 MB can make this a 413.
    const response = await annotate(
      post("/api/projects/p/annotations", "{}", "application/json", { "content-length": "314572800" }),
      routeParams({ slug: "p" }),
    );
    expect(response.status).toBe(413);
  });

  it("refuses an upload past the limit with 413 and imports nothing, and takes one under it", async () => {
    signedIn.userId = lead;
    const line = (i: number) => `${JSON.stringify({ id: `x${i}`, text: "t".repeat(CHUNK - 30) })}\n`.padEnd(CHUNK, " ");
    const upload = streamedBody(200_000, line);
    const response = await importFile(post("/api/projects/p/import?fileName=big.jsonl", upload.body, "application/octet-stream"), routeParams({ slug: "p" }));
    expect(response.status).toBe(413);
    expect(((await response.json()) as { message: string }).message).toBe(
      "The uploaded file (GOLDSET_MAX_UPLOAD_BYTES) is larger than the limit of 20000 bytes.",
    );
    expect(upload.pulled()).toBeLessThanOrEqual(UPLOAD_LIMIT + 2 * CHUNK);
    expect(await itemsCount()).toBe(1);

    const small = await importFile(
      post("/api/projects/p/import?fileName=small.jsonl", `{"id":"2","text":"two"}\n`, "application/octet-stream"),
      routeParams({ slug: "p" }),
    );
    expect(small.status).toBe(201);
    expect(await itemsCount()).toBe(2);
  });

  it("refuses a predictions upload past the limit with 413", async () => {
    signedIn.userId = lead;
    const upload = streamedBody(200_000, () => `${JSON.stringify({ item: "1", label: "a" })}\n`.padEnd(CHUNK, " "));
    const response = await importPredictions(
      post("/api/projects/p/predictions?fileName=p.jsonl", upload.body, "application/octet-stream"),
      routeParams({ slug: "p" }),
    );
    expect(response.status).toBe(413);
    expect(upload.pulled()).toBeLessThanOrEqual(UPLOAD_LIMIT + 2 * CHUNK);
  });
});
