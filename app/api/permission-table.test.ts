// Every route handler under app/api, found on disk, × every exported method × every kind of
// caller × their own project and someone else's, answered as lib/auth/permissions.ts says. A new
// route (or a new method on a route) with no entry in RULES fails this suite until it gets one.
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/db";
import { importItems } from "@/db/queries/items";
import { setMemberRole } from "@/db/queries/memberships";
import { archiveProject, deleteProject } from "@/db/queries/project-lifecycle";
import { createApiToken } from "@/db/queries/api-tokens";
import { createProject } from "@/db/queries/projects";
import { rawRows } from "@/db/raw-sql";
import { createUser } from "@/db/queries/users";
import type { ProjectRole } from "@/db/schema";
import { can, changesProject, type ProjectAction } from "@/lib/auth/permissions";
import { ARCHIVED_REFUSAL } from "@/lib/projects/project-lifecycle";
import { openRouteTestDatabase, sessionFor, signedIn } from "./route-test-support";

vi.mock("@/lib/auth/session-claims", () => ({ sessionClaims: sessionFor }));

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
type Method = (typeof METHODS)[number];
type Handler = (request: Request, ctx: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** Who may call a route: nobody is asked (public), next-auth answers itself, or the guard checks. */
type Access =
  | { kind: "public" }
  | { kind: "next-auth" }
  | { kind: "signed-in" }
  // Signed in with a session: an access token is refused (token management).
  | { kind: "session-only" }
  | { kind: "site-admin" }
  // The default site rule (lib/auth/permissions.ts canCreateProjects): site admins and people who lead a project.
  | { kind: "project-creator" }
  | { kind: "project"; action: ProjectAction | "view" };
/** The request each caller sends: a valid, minimal one where the route reads a body. */
type Call = { body?: unknown; upload?: string; query?: string; params?: Record<string, string | string[]> };
/** `restore` puts back what a successful call changed, so that the routes after it see the same project. */
type Rule = { access: Access; restore?: (slug: string) => Promise<void> } & Call;

const project = (action: ProjectAction | "view", call: Call = {}): Rule => ({ access: { kind: "project", action }, ...call });
const LABELS = [{ name: "a" }, { name: "b" }];

/** Keyed by "METHOD /api/path/with/[params]", exactly as the files lie under app/api. */
const RULES: Record<string, Rule> = {
  "GET /api/ping": { access: { kind: "public" } },
  "GET /api/openapi.json": { access: { kind: "public" } },
  "GET /api/auth/[...nextauth]": { access: { kind: "next-auth" } },
  "POST /api/auth/[...nextauth]": { access: { kind: "next-auth" } },
  "GET /api/projects": { access: { kind: "signed-in" } },
  "DELETE /api/projects/[slug]": project("manageSettings", { body: { typedName: "not the name" } }),
  "POST /api/projects/[slug]/archive": { ...project("manageSettings"), restore: async (slug) => void (await rawRows(db, "update projects set archived_at = null where slug = ?", slug)) },
  "POST /api/projects/[slug]/unarchive": project("manageSettings"),
  "POST /api/projects": { access: { kind: "project-creator" }, body: { name: "New", slug: "x", taskType: "nonsense", labels: LABELS } },
  "GET /api/users": { access: { kind: "site-admin" } },
  "POST /api/users": { access: { kind: "site-admin" }, body: { email: "not an email", name: "N", password: "long enough password" } },
  "PATCH /api/users/[id]": { access: { kind: "site-admin" }, params: { id: "no-such-user" }, body: { active: false } },
  "POST /api/users/[id]/password-reset": { access: { kind: "site-admin" }, params: { id: "no-such-user" }, body: {} },
  "POST /api/account/password": { access: { kind: "signed-in" }, body: { currentPassword: "x", newPassword: "short" } },
  "GET /api/account/tokens": { access: { kind: "session-only" } },
  "POST /api/account/tokens": { access: { kind: "session-only" }, body: { name: "", role: "lead" } },
  "DELETE /api/account/tokens/[id]": { access: { kind: "session-only" }, params: { id: "no-such-token" } },
  "POST /api/deleted-projects/[id]/restore": { access: { kind: "site-admin" }, params: { id: "no-such-project" } },
  "GET /api/site-settings": { access: { kind: "site-admin" } },
  "PUT /api/site-settings": { access: { kind: "site-admin" }, body: { projectCreation: "nonsense" } },
  "GET /api/projects/[slug]/exports/[id]/archive/[format]": project("exportData", { params: { id: "999", format: "hf" } }),
  "GET /api/projects/[slug]/llm/runs/[runId]/invalid-answers": project("runPrelabel", { params: { runId: "999" } }),
  "DELETE /api/projects/[slug]/members/[userId]": project("manageMembers", { params: { userId: "no-such-user" } }),
  "GET /api/projects/[slug]/agreement": project("viewInsights"),
  "POST /api/projects/[slug]/agreement": project("viewInsights"),
  "POST /api/projects/[slug]/annotations": project("annotate", { body: { itemId: 999_999, labels: ["a"] } }),
  "GET /api/projects/[slug]/dawid-skene": project("viewInsights"),
  "POST /api/projects/[slug]/dawid-skene": project("viewInsights"),
  "GET /api/projects/[slug]/drift": project("viewInsights"),
  "POST /api/projects/[slug]/drift": project("viewInsights"),
  "GET /api/projects/[slug]/gold": project("manageSettings"),
  "POST /api/projects/[slug]/gold": project("manageSettings", { body: { answers: [{ itemId: 999_999, labels: ["a"] }] } }),
  "DELETE /api/projects/[slug]/gold/[itemId]": project("manageSettings", { params: { itemId: "999999" } }),
  "POST /api/projects/[slug]/gold/snapshot": project("manageSettings", { body: { snapshotId: 999_999 } }),
  "GET /api/projects/[slug]/gold/settings": project("manageSettings"),
  "PATCH /api/projects/[slug]/gold/settings": project("manageSettings", { body: { rate: 2 } }),
  "POST /api/projects/[slug]/members/[userId]/pause": project("manageMembers", { params: { userId: "no-such-user" }, body: { reason: "test" } }),
  "DELETE /api/projects/[slug]/members/[userId]/pause": project("manageMembers", { params: { userId: "no-such-user" } }),
  "GET /api/projects/[slug]/jobs": project("viewInsights"),
  "GET /api/projects/[slug]/items": project("viewAllAnnotations"),
  "GET /api/projects/[slug]/items/count": project("viewAllAnnotations"),
  "GET /api/projects/[slug]/items/[itemId]": project("viewAllAnnotations", { params: { itemId: "999" } }),
  "GET /api/projects/[slug]/items/[itemId]/history": project("viewAllAnnotations", { params: { itemId: "999" } }),
  "POST /api/projects/[slug]/items/bulk": project("manageSettings", { body: { action: "nonsense", target: { kind: "selection", itemIds: [999_999] } } }),
  "GET /api/projects/[slug]/views": project("viewAllAnnotations"),
  "POST /api/projects/[slug]/views": project("viewAllAnnotations", { body: { name: "", query: "" } }),
  "PATCH /api/projects/[slug]/views/[id]": project("viewAllAnnotations", { params: { id: "999" }, body: { name: "renamed" } }),
  "DELETE /api/projects/[slug]/views/[id]": project("viewAllAnnotations", { params: { id: "999" } }),
  "GET /api/projects/[slug]/jobs/[id]": project("viewInsights", { params: { id: "999" } }),
  "POST /api/projects/[slug]/jobs/[id]/cancel": project("manageSettings", { params: { id: "999" } }),
  "POST /api/projects/[slug]/embeddings/claim": project("annotate", { body: { modelId: "someone/else", count: 1 } }),
  "POST /api/projects/[slug]/embeddings": project("annotate", {
    body: { modelId: "someone/else", encoding: "int8", dim: 2, vectors: [{ ref: "r", data: "AAA=" }] },
  }),
  "POST /api/projects/[slug]/embeddings/status": project("annotate", { body: { modelId: "someone/else", state: "ready", detail: "ok" } }),
  "GET /api/projects/[slug]/exports/[id]/files/[format]/[...path]": project("exportData", { params: { id: "999", format: "jsonl", path: ["data.jsonl"] } }),
  "POST /api/projects/[slug]/exports/[id]/files": project("exportData", { params: { id: "999" }, body: { format: "jsonl" } }),
  "GET /api/projects/[slug]/exports": project("exportData"),
  "POST /api/projects/[slug]/exports": project("exportData", { body: {} }),
  "POST /api/projects/[slug]/import-annotations": project("importData", { query: "fileName=a.csv", upload: "item,annotator,label\n" }),
  "POST /api/projects/[slug]/import": project("importData", { query: "fileName=i.jsonl", upload: "" }),
  "PUT /api/projects/[slug]/labels": project("manageSettings", { body: { labels: LABELS } }),
  "PATCH /api/projects/[slug]/labels": project("manageSettings", { body: { action: "move", labelId: 999_999, direction: "up" } }),
  "GET /api/projects/[slug]/llm/connection": project("runPrelabel"),
  "PUT /api/projects/[slug]/llm/connection": project("runPrelabel", { body: { baseUrl: "not a url" } }),
  "GET /api/projects/[slug]/llm/prompts": project("runPrelabel"),
  "POST /api/projects/[slug]/llm/prompts": project("runPrelabel", { body: { system: 42 } }),
  "POST /api/projects/[slug]/llm/runs/[runId]/[action]": project("runPrelabel", { params: { runId: "999", action: "pause" } }),
  "GET /api/projects/[slug]/llm/runs": project("runPrelabel"),
  "POST /api/projects/[slug]/llm/runs": project("runPrelabel", { body: { promptVersion: 999 } }),
  "GET /api/projects/[slug]/llm/settings": project("runPrelabel"),
  "PUT /api/projects/[slug]/llm/settings": project("manageSettings", { body: { anchoringShare: 0.1 } }),
  "GET /api/projects/[slug]/llm/suggestions/[itemId]": project("annotate", { params: { itemId: "999999" } }),
  "GET /api/projects/[slug]/members": project("manageMembers"),
  "POST /api/projects/[slug]/members": project("manageMembers", { body: { email: "spare@example.org", role: "annotator" } }),
  "GET /api/projects/[slug]/team": project("manageMembers"),
  "POST /api/projects/[slug]/model/embeddings/discard": project("manageSettings", { body: { modelId: "someone/else", userId: "nobody" } }),
  "GET /api/projects/[slug]/model/items/[itemRef]": project("viewInsights", { params: { itemRef: "no-such-item" } }),
  "POST /api/projects/[slug]/model/retrain": project("manageSettings"),
  "GET /api/projects/[slug]/model": project("viewInsights"),
  "PATCH /api/projects/[slug]/model/settings": project("manageSettings", { body: { explorationShare: 2 } }),
  "POST /api/projects/[slug]/predictions": project("importData", { query: "fileName=p.jsonl", upload: "" }),
  "POST /api/projects/[slug]/queue": project("annotate", { body: { count: 1 } }),
  "GET /api/projects/[slug]/review-settings": project("manageSettings"),
  "PATCH /api/projects/[slug]/review-settings": project("manageSettings", { body: { agreementThreshold: 2 } }),
  "GET /api/projects/[slug]/span-settings": project("manageSettings"),
  "PATCH /api/projects/[slug]/span-settings": project("manageSettings", { body: { majority: 2 } }),
  "GET /api/projects/[slug]/review/[itemId]": project("review", { params: { itemId: "999999" } }),
  "POST /api/projects/[slug]/review/[itemId]": project("review", { params: { itemId: "999999" }, body: { action: "decide", labels: ["a"] } }),
  "GET /api/projects/[slug]/review": project("review"),
  "GET /api/projects/[slug]/settings": project("manageSettings"),
  "PATCH /api/projects/[slug]/settings": project("manageSettings", { body: { leaseMinutes: 30 } }),
  "POST /api/projects/[slug]/skips": project("annotate", { body: { itemId: 999_999 } }),
  "POST /api/projects/[slug]/undo": project("annotate"),
  "GET /api/projects/[slug]/webhooks": project("manageSettings"),
  "POST /api/projects/[slug]/webhooks": project("manageSettings", { body: { url: "not a url", events: ["item.resolved"] } }),
  "PATCH /api/projects/[slug]/webhooks/[id]": project("manageSettings", { params: { id: "999" }, body: { active: false } }),
  "DELETE /api/projects/[slug]/webhooks/[id]": project("manageSettings", { params: { id: "999" } }),
  "GET /api/projects/[slug]/webhooks/[id]/deliveries": project("manageSettings", { params: { id: "999" } }),
  "POST /api/projects/[slug]/webhooks/deliveries/[deliveryId]/resend": project("manageSettings", { params: { deliveryId: "999" } }),
};

type Endpoint = { key: string; method: Method; path: string; handler: Handler };

/** Every `route.ts` under app/api and the HTTP methods it exports. */
async function discoverEndpoints(): Promise<Endpoint[]> {
  const root = join(process.cwd(), "app", "api");
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((file) => file === "route.ts" || file.endsWith(`${sep}route.ts`));
  const endpoints: Endpoint[] = [];
  for (const file of files.sort()) {
    const path = `/api/${relative(root, join(root, file)).split(sep).slice(0, -1).join("/")}`.replace(/\/$/, "");
    const routeModule = (await import(join(root, file))) as Partial<Record<Method, Handler>>;
    for (const method of METHODS) {
      const handler = routeModule[method];
      if (handler) endpoints.push({ key: `${method} ${path}`, method, path, handler });
    }
  }
  return endpoints;
}

type Caller = "anonymous" | "site admin" | "lead" | "reviewer" | "annotator" | "non-member";
const CALLERS: Caller[] = ["anonymous", "site admin", "lead", "reviewer", "annotator", "non-member"];
const ROLES: Partial<Record<Caller, ProjectRole>> = { lead: "lead", reviewer: "reviewer", annotator: "annotator" };

let db: Db;
let close: () => void;
let endpoints: Endpoint[];
const userIds: Partial<Record<Caller, string>> = {};
/** Each caller's access token for all their projects, capped at their own role (lead for a non-member), site-admin for the admin. */
const tokens: Partial<Record<Caller, string>> = {};

beforeAll(async () => {
  ({ db, close } = await openRouteTestDatabase());
  endpoints = await discoverEndpoints();
  userIds["site admin"] = (await createUser({ db, email: "admin@example.org", name: "Admin", passwordHash: "x", isAdmin: true })).id;
  for (const caller of ["lead", "reviewer", "annotator", "non-member"] as const) {
    userIds[caller] = (await createUser({ db, email: `${caller}@example.org`, name: caller, passwordHash: "x" })).id;
  }
  const otherLead = (await createUser({ db, email: "other-lead@example.org", name: "Other lead", passwordHash: "x" })).id;
  await createUser({ db, email: "spare@example.org", name: "Spare", passwordHash: "x" });
  const own = await createProject({ db, name: "Own", slug: "own", taskType: "single_label", labelDefs: LABELS, createdBy: userIds.lead! });
  const foreign = await createProject({ db, name: "Foreign", slug: "foreign", taskType: "single_label", labelDefs: LABELS, createdBy: otherLead });
  for (const caller of ["reviewer", "annotator"] as const)
    await setMemberRole({ db, projectId: own.id, userId: userIds[caller]!, role: ROLES[caller]!, actorId: userIds.lead! });
  // An archived and a deleted project, led by the same lead with the same team as "own".
  const shelved = await createProject({ db, name: "Shelved", slug: "shelved", taskType: "single_label", labelDefs: LABELS, createdBy: userIds.lead! });
  const erased = await createProject({ db, name: "Erased", slug: "erased", taskType: "single_label", labelDefs: LABELS, createdBy: userIds.lead! });
  for (const p of [shelved, erased]) {
    for (const caller of ["reviewer", "annotator"] as const)
      await setMemberRole({ db, projectId: p.id, userId: userIds[caller]!, role: ROLES[caller]!, actorId: userIds.lead! });
  }
  for (const p of [own, foreign, shelved, erased]) {
    const records = ["one", "two"].map((text) => ({ externalId: `${p.slug}-${text}`, text, metadata: {}, contentHash: `${p.slug}-${text}` }));
    await importItems({ db, projectId: p.id, fileName: "t.jsonl", format: "jsonl", actorId: null, records });
  }
  for (const caller of CALLERS.filter((c) => c !== "anonymous")) {
    const isAdmin = caller === "site admin";
    const user = { id: userIds[caller]!, isAdmin };
    const expiresAt = new Date(Date.now() + 86_400_000);
    tokens[caller] = (await createApiToken({ db, user, name: caller, projectSlugs: null, maxRole: ROLES[caller] ?? "lead", siteAdmin: isAdmin, expiresAt, actorId: user.id })).secret;
  }
  await archiveProject({ db, projectId: shelved.id, actorId: userIds.lead! });
  await deleteProject({ db, projectId: erased.id, actorId: userIds.lead!, typedName: "Erased" });
  // Importing every route module and seeding four projects outlasts the default 10 s on a busy PostgreSQL pass.
}, 60_000);
afterAll(() => close());

function requestFor(endpoint: Endpoint, rule: Rule, slug: string): { request: Request; params: Record<string, string | string[]> } {
  const params: Record<string, string | string[]> = { slug, ...rule.params };
  const path = endpoint.path.replace(/\[(?:\.\.\.)?(\w+)\]/g, (_, name: string) => {
    const value = params[name] ?? "x";
    return Array.isArray(value) ? value.join("/") : value;
  });
  const url = `http://localhost${path}${rule.query ? `?${rule.query}` : ""}`;
  if (rule.upload !== undefined) {
    return { request: new Request(url, { method: endpoint.method, headers: { "content-type": "application/octet-stream" }, body: rule.upload }), params };
  }
  const withBody = endpoint.method !== "GET" && rule.body !== undefined;
  const init: RequestInit = withBody
    ? { method: endpoint.method, headers: { "content-type": "application/json" }, body: JSON.stringify(rule.body) }
    : { method: endpoint.method };
  return { request: new Request(url, init), params };
}

/** What the permission table says `caller` gets on the project `slug` ("own" or "foreign"), with their session or their token. */
function expectedAnswer(access: Access, caller: Caller, slug: "own" | "foreign", via: Credential): "allowed" | 401 | 403 | 404 {
  if (access.kind === "public") return "allowed";
  if (caller === "anonymous") return 401;
  const isAdmin = caller === "site admin";
  if (access.kind === "signed-in") return "allowed";
  if (access.kind === "session-only") return via === "token" ? 403 : "allowed";
  if (access.kind === "site-admin") return isAdmin ? "allowed" : 403;
  if (access.kind === "project-creator") return isAdmin || caller === "lead" ? "allowed" : 403;
  if (access.kind === "next-auth") throw new Error("next-auth routes are not called here");
  const role = slug === "own" ? (ROLES[caller] ?? null) : null;
  if (role === null && !isAdmin) return 404;
  if (access.action === "view") return "allowed";
  return can({ isAdmin, role }, access.action) ? "allowed" : 403;
}

type Credential = "session" | "token";

async function answer(endpoint: Endpoint, rule: Rule, caller: Caller, slug: string, via: Credential = "session"): Promise<{ status: number; message: string }> {
  signedIn.userId = caller === "anonymous" ? null : userIds[caller]!;
  signedIn.bearer = via === "token" && caller !== "anonymous" ? tokens[caller]! : null;
  const { request, params } = requestFor(endpoint, rule, slug);
  const response = await endpoint.handler(request, { params: Promise.resolve(params) });
  if (response.ok) await rule.restore?.(slug);
  const body = (await response.json().catch(() => ({}))) as { message?: string };
  return { status: response.status, message: body.message ?? "" };
}

describe("the permission table over every route", () => {
  it("finds the route handlers on disk", () => {
    expect(endpoints.length).toBeGreaterThanOrEqual(Object.keys(RULES).length);
    expect(endpoints.map((e) => e.key)).toContain("PATCH /api/projects/[slug]/settings");
  });

  it("has a rule for every route and method, and no rule for a route that is gone", () => {
    const found = endpoints.map((e) => e.key);
    expect(
      found.filter((key) => !(key in RULES)),
      "routes without a rule in RULES",
    ).toEqual([]);
    expect(
      Object.keys(RULES).filter((key) => !found.includes(key)),
      "rules for routes that do not exist",
    ).toEqual([]);
  });

  it.each<Credential>(["session", "token"])("answers every caller on their own and on someone else's project as the table says, through their %s", async (via) => {
    const wrong: string[] = [];
    for (const endpoint of endpoints) {
      const rule = RULES[endpoint.key];
      if (!rule || rule.access.kind === "next-auth") continue;
      const slugs: ("own" | "foreign")[] = rule.access.kind === "project" ? ["own", "foreign"] : ["own"];
      for (const caller of CALLERS) {
        for (const slug of slugs) {
          const expected = expectedAnswer(rule.access, caller, slug, via);
          const got = await answer(endpoint, rule, caller, slug, via);
          const where = `${endpoint.key} as ${caller} on ${slug} (${via})`;
          const hidden = got.status === 404 && got.message === `No project "${slug}".`;
          if (expected === "allowed") {
            if (got.status === 401 || got.status === 403 || hidden || got.status >= 500)
              wrong.push(`${where}: expected to be let through, got ${got.status} ${got.message}`);
          } else if (got.status !== expected || (expected === 404 && !hidden)) {
            wrong.push(`${where}: expected ${expected}, got ${got.status} ${got.message}`);
          }
        }
      }
    }
    expect(wrong).toEqual([]);
    // Every route × six callers × two projects: about 20 s on PostgreSQL, more while the machine is busy.
  }, 120_000);

  it("answers a project the caller cannot see exactly like a project that does not exist", async () => {
    const differences: string[] = [];
    for (const endpoint of endpoints.filter((e) => RULES[e.key]?.access.kind === "project")) {
      const rule = RULES[endpoint.key]!;
      const foreign = await answer(endpoint, rule, "non-member", "foreign");
      const missing = await answer(endpoint, rule, "non-member", "missing");
      if (foreign.status !== missing.status || foreign.message.replace("foreign", "missing") !== missing.message) {
        differences.push(`${endpoint.key}: ${foreign.status} ${foreign.message} vs ${missing.status} ${missing.message}`);
      }
    }
    expect(differences).toEqual([]);
  });

  it("refuses every change to an archived project with a 409, and still answers its reads and its archive switch", async () => {
    const archiveSwitch = ["POST /api/projects/[slug]/unarchive", "POST /api/projects/[slug]/archive", "DELETE /api/projects/[slug]"];
    const wrong: string[] = [];
    const refused: string[] = [];
    for (const endpoint of endpoints) {
      const rule = RULES[endpoint.key];
      if (rule?.access.kind !== "project" || archiveSwitch.includes(endpoint.key)) continue;
      const action = rule.access.action;
      const got = await answer(endpoint, rule, "lead", "shelved");
      const wasRefused = got.status === 409 && got.message === ARCHIVED_REFUSAL;
      if (wasRefused) refused.push(endpoint.key);
      const mustRefuse = endpoint.method !== "GET" && action !== "view" && changesProject(action);
      if (mustRefuse !== wasRefused) wrong.push(`${endpoint.key}: expected ${mustRefuse ? "the archived refusal" : "an answer"}, got ${got.status} ${got.message}`);
    }
    expect(wrong).toEqual([]);
    // Hand-picked from the list, so that a rule gone wrong in both places still shows.
    expect(refused).toEqual(expect.arrayContaining(["POST /api/projects/[slug]/annotations", "POST /api/projects/[slug]/queue", "POST /api/projects/[slug]/import", "POST /api/projects/[slug]/review/[itemId]", "POST /api/projects/[slug]/llm/runs", "PATCH /api/projects/[slug]/settings"]));
    expect(refused).not.toContain("POST /api/projects/[slug]/exports");
  });

  it("answers every route on a deleted project exactly like a project that does not exist, for its own lead and a site admin", async () => {
    const differences: string[] = [];
    for (const endpoint of endpoints.filter((e) => RULES[e.key]?.access.kind === "project")) {
      const rule = RULES[endpoint.key]!;
      for (const caller of ["lead", "site admin"] as const) {
        const deleted = await answer(endpoint, rule, caller, "erased");
        const missing = await answer(endpoint, rule, caller, "missing");
        if (deleted.status !== 404 || deleted.message.replace("erased", "missing") !== missing.message) {
          differences.push(`${endpoint.key} as ${caller}: ${deleted.status} ${deleted.message} vs ${missing.status} ${missing.message}`);
        }
      }
    }
    expect(differences).toEqual([]);
  });
});
