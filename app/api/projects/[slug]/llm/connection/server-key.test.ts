import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { createProject } from "@/db/queries/projects";
import { createUser } from "@/db/queries/users";
import { openRouteTestDatabase, routeParams, sessionFor, signedIn } from "@/app/api/route-test-support";
import { GET, PUT } from "./route";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

// The operator's key for the operator's endpoint. No request is sent: the page only shows the connection.
const SERVER_KEY = "sk-Qz7vXw9JpL2mRt8KbN4c";
vi.hoisted(() => {
  process.env.GOLDSET_LLM_BASE_URL = "http://127.0.0.1:9/v1";
  process.env.GOLDSET_LLM_API_KEY = "sk-Qz7vXw9JpL2mRt8KbN4c";
  process.env.GOLDSET_LLM_ALLOWED_HOSTS = "127.0.0.1";
});

let db: Db;
let close: () => void;
let lead: string;

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  lead = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead });
});
afterAll(() => close());

async function connectionJson(): Promise<string> {
  signedIn.userId = lead;
  const response = await GET(new Request("http://localhost/api/projects/sms/llm/connection"), routeParams({ slug: "sms" }));
  expect(response.status).toBe(200);
  return response.text();
}

/** Every run of three or more characters of the key that appears in `text`. */
function keyFragmentsIn(text: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + 3 <= SERVER_KEY.length; start += 1) {
    const fragment = SERVER_KEY.slice(start, start + 3);
    if (text.includes(fragment)) found.push(fragment);
  }
  return found;
}

describe("the LLM connection view with the server's key in use", () => {
  it("says the server's key is in use and shows none of its characters, before and after a lead saves the connection", async () => {
    const before = await connectionJson();
    expect(keyFragmentsIn(before)).toEqual([]);
    expect(JSON.parse(before).connection.apiKey).toEqual({ source: "environment", masked: null });

    signedIn.userId = lead;
    const body = {
      baseUrl: "http://127.0.0.1:9/v1",
      model: "test-model",
      temperature: 0,
      authScheme: "bearer",
      timeoutMs: 5_000,
      maxConcurrency: 1,
      requestsPerMinute: null,
      tokenBudget: null,
    };
    const saved = await PUT(
      new Request("http://localhost/api/projects/sms/llm/connection", {
        method: "PUT",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }),
      routeParams({ slug: "sms" }),
    );
    expect(saved.status).toBe(200);
    const savedJson = await saved.text();
    expect(keyFragmentsIn(savedJson)).toEqual([]);
    expect(JSON.parse(savedJson).connection.apiKey).toEqual({ source: "environment", masked: null });
    expect(keyFragmentsIn(await connectionJson())).toEqual([]);
  });
});
