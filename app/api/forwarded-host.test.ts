// The cross-site check on a real upload route, with GOLDSET_TRUST_PROXY unset: an X-Forwarded-Host
// naming the request's own Origin does not make another site's upload the app's own.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "./route-test-support";
import { POST as importFile } from "./projects/[slug]/import/route";
import { rawRow } from "@/db/raw-sql";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

let db: Db;
let close: () => void;
let lead: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  lead = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  await createProject({ db, name: "P", slug: "p", taskType: "single_label", labelDefs: [{ name: "a" }, { name: "b" }], createdBy: lead });
});
afterAll(() => close());

const itemsCount = async () => ((await rawRow(db, "SELECT count(*) AS n FROM items")) as { n: number }).n;

function upload(headers: Record<string, string>): Request {
  return new Request("http://127.0.0.1:3000/api/projects/p/import?format=jsonl&fileName=t.jsonl", {
    method: "POST",
    headers: { host: "127.0.0.1:3000", "content-type": "application/octet-stream", ...headers },
    body: '{"id":"1","text":"one"}\n',
  });
}

describe("an upload with X-Forwarded-Host and no trusted proxy", () => {
  it("is refused when only X-Forwarded-Host names its origin, and taken from the app's own origin", async () => {
    signedIn.userId = lead;
    const forged = await importFile(upload({ origin: "http://evil.example", "x-forwarded-host": "evil.example" }), routeParams({ slug: "p" }));
    expect(forged.status).toBe(403);
    expect(((await forged.json()) as { message: string }).message).toBe("Requests from http://evil.example are not accepted: use the app's own pages.");
    expect(await itemsCount()).toBe(0);

    const own = await importFile(upload({ origin: "http://127.0.0.1:3000", "x-forwarded-host": "evil.example" }), routeParams({ slug: "p" }));
    expect(own.status).toBe(201);
    expect(await itemsCount()).toBe(1);
  });
});
