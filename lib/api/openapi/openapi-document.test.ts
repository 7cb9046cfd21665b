// The document against the code: every route.ts on disk is documented (and nothing else is), no
// route keeps an inline schema the document could not see, and docs/api/openapi.json is what the
// code generates today, so a schema change shows up as a diff its author commits.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { errorBody } from "@/lib/http/error-body";
import { openApiDocument, operationId } from "./document";
import { errorSchema } from "./error-schema";
import { API_OPERATIONS } from "./operations";

const API_ROOT = join(process.cwd(), "app", "api");
/** next-auth's own endpoints: not ours to document. */
const UNDOCUMENTED = ["/api/v1/auth/{nextauth}"];

const routeFiles = (readdirSync(API_ROOT, { recursive: true }) as string[]).filter((f) => f === "route.ts" || f.endsWith(`${sep}route.ts`)).sort();

/** "projects/[slug]/exports/[id]/files/[format]/[...path]/route.ts" → "/api/v1/projects/{slug}/exports/{id}/files/{format}/{path}". */
function documentedPath(file: string): string {
  const folders = relative(API_ROOT, join(API_ROOT, file)).split(sep).slice(0, -1);
  return ["/api/v1", ...folders.map((f) => f.replace(/^\[(?:\.\.\.)?(\w+)\]$/, "{$1}"))].join("/");
}

/** The HTTP methods a route.ts exports, read from its source as Next reads its exports. */
function exportedMethods(source: string): string[] {
  return [...source.matchAll(/^export (?:async function|function|const) (GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/gm)].map((m) => m[1]!);
}

const onDisk = routeFiles.flatMap((file) => exportedMethods(readFileSync(join(API_ROOT, file), "utf8")).map((method) => `${method} ${documentedPath(file)}`)).filter((key) => !UNDOCUMENTED.some((path) => key.endsWith(` ${path}`)));
const documented = API_OPERATIONS.map((op) => `${op.method} ${op.path}`);

describe("the OpenAPI document and the routes on disk", () => {
  it("reads the routes as Next does", () => {
    expect(documentedPath(`projects${sep}[slug]${sep}exports${sep}[id]${sep}files${sep}[format]${sep}[...path]${sep}route.ts`)).toBe("/api/v1/projects/{slug}/exports/{id}/files/{format}/{path}");
    expect(exportedMethods("export async function GET() {}\nexport function POST() {}\nexport const PATCH = handler;\nasync function DELETE() {}")).toEqual(["GET", "POST", "PATCH"]);
    expect(onDisk).toContain("GET /api/v1/projects/{slug}/items/{itemId}");
    expect(onDisk.length).toBeGreaterThanOrEqual(80);
  });

  it("documents every route and method, and nothing that is not a route", () => {
    expect(
      onDisk.filter((key) => !documented.includes(key)),
      "routes missing from lib/api/openapi/operations.ts",
    ).toEqual([]);
    expect(
      documented.filter((key) => !onDisk.includes(key)),
      "documented operations with no route.ts",
    ).toEqual([]);
    expect(new Set(documented).size, "an operation listed twice").toBe(documented.length);
  });

  it("finds no zod schema written inside a route.ts: they live in the sibling schemas.ts, where the document imports them", () => {
    const inline = routeFiles.filter((file) => /\bz\s*\.\s*(object|string|number|boolean|enum|array|union|discriminatedUnion|literal|coerce|record|tuple|strictObject|looseObject)\s*\(/.test(readFileSync(join(API_ROOT, file), "utf8")));
    expect(inline, "route.ts files with inline schemas").toEqual([]);
  });

  it("is the committed docs/api/openapi.json (run `npm run api:openapi` and commit the diff)", () => {
    const committed = readFileSync(join(process.cwd(), "docs", "api", "openapi.json"), "utf8");
    expect(committed).toBe(`${JSON.stringify(openApiDocument(), null, 2)}\n`);
  });
});

describe("the OpenAPI document", () => {
  const doc = openApiDocument();

  it("is OpenAPI 3.1 with bearer tokens and the session cookie, and a version", () => {
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.info.version).toMatch(/^1\.\d+\.\d+$/);
    expect(doc.servers).toEqual([{ url: "/", description: "This Goldset server" }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
    expect(doc.paths["/api/v1/ping"]!.get!.security).toEqual([]);
    expect(doc.paths["/api/v1/projects"]!.post!.security).toBeUndefined();
  });

  it("answers every error of every operation with the one Error schema", () => {
    const withoutError = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => (op.responses as Record<string, unknown>).default === undefined)
        .map(([method]) => `${method} ${path}`),
    );
    expect(withoutError).toEqual([]);
    expect(doc.components.schemas.Error).toMatchObject({ type: "object", required: ["error", "message"], additionalProperties: false });
  });

  it("resolves every $ref inside the document", () => {
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]!);
    const unresolved = refs.filter((ref) => {
      const [, section, kind, name] = ref.split("/");
      return section !== "components" || !(name! in (doc.components[kind as keyof typeof doc.components] ?? {}));
    });
    expect(refs.length).toBeGreaterThan(10);
    expect(unresolved).toEqual([]);
  });

  it("takes the request schemas from the routes: the import's query, the decision body, the items filter", () => {
    const importOp = doc.paths["/api/v1/projects/{slug}/import"]!.post!;
    const params = importOp.parameters as { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
    expect(params.map((p) => `${p.in}:${p.name}${p.required ? "!" : ""}`)).toEqual(["path:slug!", "query:fileName!", "query:format", "query:textField", "query:idField", "query:offsets"]);
    // A spans project's formats beside the item files' (lib/import/span-file-format.ts).
    expect(params[2]!.schema).toMatchObject({ type: "string", enum: ["jsonl", "csv", "tsv", "conll", "label-studio"] });
    expect(importOp.requestBody).toMatchObject({ content: { "application/octet-stream": {} } });
    expect(Object.keys(importOp.responses as object)).toEqual(["201", "202", "default"]);

    const decision = doc.paths["/api/v1/projects/{slug}/review/{itemId}"]!.post!.requestBody as { content: { "application/json": { schema: { oneOf: { properties: { action: { const: string } } }[] } } } };
    expect(decision.content["application/json"].schema.oneOf.map((o) => o.properties.action.const)).toEqual(["decide", "send_back"]);

    const items = doc.paths["/api/v1/projects/{slug}/items"]!.get!.parameters as { name: string }[];
    expect(items.map((p) => p.name)).toEqual([
      "slug",
      "status",
      "label",
      "anyLabel",
      "annotator",
      "batch",
      "q",
      "excluded",
      "agreementMin",
      "agreementMax",
      "suggestion",
      "humans",
      "uncertaintyMin",
      "uncertaintyMax",
      "queueTop",
      "snapshot",
      "split",
      "sort",
      "after",
    ]);
  });

  it("names each operation from its method and path, so generated clients keep their names", () => {
    expect(operationId({ method: "POST", path: "/api/v1/projects/{slug}/exports/{id}/files" })).toBe("postProjectsSlugExportsIdFiles");
    expect(operationId({ method: "GET", path: "/api/v1/openapi.json" })).toBe("getOpenapiJson");
    const ids = Object.values(doc.paths).flatMap((ops) => Object.values(ops).map((op) => op.operationId));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("the one error shape", () => {
  it("carries the code and message, the first field at fault, and every problem", () => {
    const body = errorBody("invalid_import", "items.jsonl has 2 problems.", [{ line: 3, message: "line 3: no text" }, { line: 7, field: "text", message: 'line 7: field "text" is empty' }, { field: "id", message: "id: missing" }]);
    expect(body).toEqual({
      error: "invalid_import",
      message: "items.jsonl has 2 problems.",
      field: "text",
      problems: [{ line: 3, message: "line 3: no text" }, { line: 7, field: "text", message: 'line 7: field "text" is empty' }, { field: "id", message: "id: missing" }],
    });
    expect(errorSchema.parse(body)).toEqual(body);
  });

  it("leaves out field and problems when there are none", () => {
    expect(errorBody("forbidden", "No.")).toEqual({ error: "forbidden", message: "No." });
    expect(() => errorSchema.parse({ error: "forbidden", message: "No.", problems: [], extra: 1 })).toThrow();
  });
});
