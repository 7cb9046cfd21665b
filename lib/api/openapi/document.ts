// The OpenAPI 3.1 document, generated from lib/api/openapi/operations.ts: the request schemas are
// the routes' own zod schemas through zod's built-in z.toJSONSchema (JSON Schema 2020-12, the
// dialect of OpenAPI 3.1). docs/api/openapi.json is this document, committed (npm run api:openapi).
import { z } from "zod";
import { errorSchema } from "./error-schema";
import type { ApiAccess, ApiOperation, ApiTag } from "./operation";
import { API_OPERATIONS } from "./operations";

type JsonSchema = Record<string, unknown>;
export type OpenApiDocument = {
  openapi: "3.1.0";
  info: { title: string; version: string; description: string };
  jsonSchemaDialect: string;
  servers: { url: string; description: string }[];
  security: Record<string, string[]>[];
  tags: { name: ApiTag; description: string }[];
  paths: Record<string, Record<string, JsonSchema>>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, JsonSchema>; responses: Record<string, JsonSchema> };
};

/** The API's version: the /api/v1 contract. A breaking change goes to /api/v2 (docs/decisions/0007). */
export const API_VERSION = "1.0.0";

const TAGS: Record<ApiTag, string> = {
  Projects: "Create, configure, archive and delete projects.",
  Members: "Who works on a project, in which role.",
  Import: "Files sent as the raw request body, parsed as a stream: items, existing annotations, model predictions.",
  Items: "List, filter and read items with their annotations and resolution.",
  Annotate: "The annotator's queue and submissions.",
  Review: "Adjudication of items that need a decision.",
  Insights: "Agreement, Dawid–Skene and drift.",
  Export: "Immutable snapshots and their files in each format.",
  Gold: "Gold items and the checks against them.",
  Model: "The in-browser classifier that ranks the queue.",
  LLM: "LLM pre-labelling: connection, prompts, runs.",
  Jobs: "Background work the other routes queue.",
  Account: "The caller's own account and their personal access tokens.",
  Webhooks: "Signed event deliveries to a project's receivers, their log and resends.",
  Site: "Site administration.",
  Meta: "The server itself.",
};

/** Who may call an operation, in words: the reference page and the document's descriptions. */
export function accessText(access: ApiAccess): string {
  if (access === "public") return "Anyone, without signing in.";
  if (access === "signed-in") return "Any signed-in user.";
  if (access === "session-only") return "The signed-in user in a browser session; refused to access tokens (a token cannot create or revoke tokens).";
  if (access === "site-admin") return "Site admins.";
  if (access === "project-creator") return "Whoever the site's project-creation rule allows (site admins always).";
  if (access.project === "member") return "Any member of the project, and site admins.";
  return `Project members whose role has the permission \`${access.project}\` (lib/auth/permissions.ts).`;
}

/**
 * One schema as JSON Schema. zod puts schemas that carry an id (`.meta({ id })`) under `$defs`;
 * they move to components.schemas, so the same Job or Project is one definition in the document.
 */
function jsonSchema(schema: z.ZodType, io: "input" | "output", components: Record<string, JsonSchema>): JsonSchema {
  const { $schema: _, $defs, ...root } = z.toJSONSchema(schema, { io, unrepresentable: "any", reused: "inline" }) as JsonSchema & { $defs?: Record<string, JsonSchema> };
  for (const [id, definition] of Object.entries($defs ?? {})) components[id] = tidy(definition);
  const id = schema.meta()?.id;
  if (typeof id === "string") {
    if (!$defs?.[id]) components[id] = tidy(root);
    return { $ref: `#/components/schemas/${id}` };
  }
  return tidy(root);
}

/** Points zod's local references at components.schemas and drops the JavaScript safe-integer bounds zod adds to every int. */
function tidy(value: unknown): JsonSchema {
  return JSON.parse(
    JSON.stringify(value, (key, v: unknown) => {
      if (key === "$ref" && typeof v === "string") return v.replace("#/$defs/", "#/components/schemas/");
      if ((key === "minimum" && v === -Number.MAX_SAFE_INTEGER) || (key === "maximum" && v === Number.MAX_SAFE_INTEGER)) return undefined;
      return v;
    }),
  ) as JsonSchema;
}

function parameters(operation: ApiOperation, components: Record<string, JsonSchema>): JsonSchema[] {
  const params = operation.params ? (jsonSchema(operation.params, "input", components).properties as Record<string, JsonSchema>) : {};
  const inPath = [...operation.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  const list: JsonSchema[] = inPath.map((name) => ({ name, in: "path", required: true, schema: params[name] ?? { type: "string" } }));
  if (operation.query) {
    const query = jsonSchema(operation.query, "input", components) as { properties?: Record<string, JsonSchema & { description?: string }>; required?: string[] };
    for (const [name, schema] of Object.entries(query.properties ?? {})) {
      list.push({ name, in: "query", required: query.required?.includes(name) ?? false, ...(schema.description && { description: schema.description }), schema });
    }
  }
  return list;
}

function operationObject(operation: ApiOperation, components: Record<string, JsonSchema>): JsonSchema {
  const responses: JsonSchema = {};
  for (const response of [operation.response, ...(operation.otherResponses ?? [])]) {
    const content = response.contentType
      ? { [response.contentType]: { schema: { type: "string", contentMediaType: response.contentType } } }
      : { "application/json": { schema: response.schema ? jsonSchema(response.schema, "output", components) : { type: "object" } } };
    responses[String(response.status)] = { description: response.description, content };
  }
  const requestBody = operation.upload
    ? { required: true, description: operation.upload, content: { "application/octet-stream": { schema: { type: "string", contentMediaType: "application/octet-stream" } } } }
    : operation.body && { required: true, content: { "application/json": { schema: jsonSchema(operation.body, "input", components) } } };
  return {
    operationId: operationId(operation),
    tags: [operation.tag],
    summary: operation.summary,
    description: `Who may call: ${accessText(operation.access)}`,
    "x-goldset-access": typeof operation.access === "string" ? operation.access : `project:${operation.access.project}`,
    ...(operation.access === "public" && { security: [] }),
    parameters: parameters(operation, components),
    ...(requestBody && { requestBody }),
    responses: { ...responses, default: { $ref: "#/components/responses/Error" } },
  };
}

/** "POST /api/v1/projects/{slug}/exports/{id}/files" → "postProjectsSlugExportsIdFiles": stable, so generated clients keep their names. */
export function operationId({ method, path }: Pick<ApiOperation, "method" | "path">): string {
  const words = path
    .replace(/^\/api\/v1\//, "")
    .split(/[/{}.\-]+/)
    .filter(Boolean);
  return method.toLowerCase() + words.map((w) => w[0]!.toUpperCase() + w.slice(1)).join("");
}

function buildDocument(): OpenApiDocument {
  const components: Record<string, JsonSchema> = {};
  jsonSchema(errorSchema, "output", components);
  const paths: OpenApiDocument["paths"] = {};
  for (const operation of API_OPERATIONS) {
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = operationObject(operation, components);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Goldset API",
      version: API_VERSION,
      description:
        "The stable API under /api/v1. Authenticate with a personal access token (`Authorization: Bearer gst_…`) or the browser session cookie. " +
        "Every error is one JSON shape (components.schemas.Error). Uploads are the raw request body (application/octet-stream) with the options as query parameters.",
    },
    jsonSchemaDialect: "https://json-schema.org/draft/2020-12/schema",
    servers: [{ url: "/", description: "This Goldset server" }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    tags: (Object.keys(TAGS) as ApiTag[]).map((name) => ({ name, description: TAGS[name] })),
    paths,
    components: {
      schemas: Object.fromEntries(Object.entries(components).sort(([a], [b]) => a.localeCompare(b))),
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "gst_…", description: "A personal access token, made on the account page." },
        sessionCookie: { type: "apiKey", in: "cookie", name: "next-auth.session-token", description: "The browser session (`__Secure-next-auth.session-token` over HTTPS)." },
      },
      responses: { Error: { description: "An error: the status says which kind, the body says what and where.", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } } },
    },
  };
}

let built: OpenApiDocument | undefined;

/** The document; built once per process, since the schemas do not change while it runs. */
export function openApiDocument(): OpenApiDocument {
  return (built ??= buildDocument());
}
