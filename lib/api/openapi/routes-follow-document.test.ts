// The document and the validation are one: for a few routes, a request the document calls invalid
// (a bound, a required parameter, an unknown key, read from the generated document itself) is
// refused by the route with 400 naming that field, and the request just inside the bound is taken.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { seedProject } from "@/db/test-seed";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { POST as createProjectRoute } from "@/app/api/projects/route";
import { PATCH as changeGoldSettings } from "@/app/api/projects/[slug]/gold/settings/route";
import { POST as importItems } from "@/app/api/projects/[slug]/import/route";
import { openApiDocument } from "./document";
import { errorSchema } from "./error-schema";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

type Schema = { properties: Record<string, { maximum?: number; minimum?: number }>; required?: string[]; additionalProperties?: boolean };

function bodySchema(path: string, method: string): Schema {
  const op = openApiDocument().paths[path]![method] as { requestBody: { content: { "application/json": { schema: Schema } } } };
  return op.requestBody.content["application/json"].schema;
}

let db: Db;
let close: () => Promise<void>;
let lead: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  const seed = await seedProject(db, { people: { lead: "lead" }, project: { slug: "p", labels: ["a", "b"] } });
  lead = seed.people.lead;
});
afterAll(() => close());

const json = (url: string, method: string, body: unknown) =>
  new Request(`http://localhost${url}`, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

async function refusal(response: Response) {
  expect(response.status).toBe(400);
  return errorSchema.parse(await response.json());
}

describe("routes refuse what their document calls invalid", () => {
  it("POST /projects: an overlap past the documented maximum is refused on that field; the maximum itself is taken", async () => {
    signedIn.userId = lead;
    const max = bodySchema("/api/v1/projects", "post").properties.overlap!.maximum!;
    expect(max).toBe(20);
    const project = { name: "New", taskType: "single_label", labels: [{ name: "x" }, { name: "y" }] };
    const over = await refusal(await createProjectRoute(json("/api/v1/projects", "POST", { ...project, slug: "over", overlap: max + 1 })));
    expect(over).toMatchObject({ error: "bad_request", field: "overlap" });
    expect((await createProjectRoute(json("/api/v1/projects", "POST", { ...project, slug: "at-max", overlap: max }))).status).toBe(201);
  });

  it("PATCH /projects/{slug}/gold/settings: a rate past the documented maximum, and a key the document does not allow, are refused", async () => {
    signedIn.userId = lead;
    const schema = bodySchema("/api/v1/projects/{slug}/gold/settings", "patch");
    expect(schema.additionalProperties).toBe(false);
    const max = schema.properties.rate!.maximum!;
    const patch = (body: unknown) => changeGoldSettings(json("/api/v1/projects/p/gold/settings", "PATCH", body), routeParams({ slug: "p" }));
    expect(await refusal(await patch({ rate: max + 0.01 }))).toMatchObject({ field: "rate" });
    expect((await refusal(await patch({ rate: max, colour: "red" }))).message).toContain("colour");
    expect((await patch({ rate: max })).status).toBe(200);
  });

  it("POST /projects/{slug}/import: leaving out a query parameter the document marks required is refused on that parameter", async () => {
    signedIn.userId = lead;
    const op = openApiDocument().paths["/api/v1/projects/{slug}/import"]!.post as { parameters: { name: string; in: string; required: boolean }[] };
    const required = op.parameters.filter((p) => p.in === "query" && p.required).map((p) => p.name);
    expect(required).toEqual(["fileName"]);
    const upload = new Request("http://localhost/api/v1/projects/p/import?format=jsonl", { method: "POST", headers: { "content-type": "application/octet-stream" }, body: '{"id":"1","text":"one"}\n' });
    expect(await refusal(await importItems(upload, routeParams({ slug: "p" })))).toMatchObject({ error: "bad_request", field: "fileName" });
  });
});
