// The API reference, rendered on the server from the OpenAPI document itself (no client script):
// operations by tag, each with an anchor, who may call it, its parameters, body and answers.
import type { OpenApiDocument } from "@/lib/api/openapi/document";
import { schemaSummary } from "./schema-summary";

type Parameter = { name: string; in: string; required: boolean; description?: string; schema: Record<string, unknown> };
type Content = Record<string, { schema: Record<string, unknown> }>;
type Operation = {
  operationId: string;
  tags: string[];
  summary: string;
  description: string;
  parameters: Parameter[];
  requestBody?: { description?: string; content: Content };
  responses: Record<string, { description: string; content: Content } | { $ref: string }>;
};
type Listed = { method: string; path: string; operation: Operation };

function operationsByTag(doc: OpenApiDocument): Map<string, Listed[]> {
  const byTag = new Map<string, Listed[]>(doc.tags.map((t) => [t.name, []]));
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods) as [string, Operation][]) {
      byTag.get(operation.tags[0]!)?.push({ method: method.toUpperCase(), path, operation });
    }
  }
  return byTag;
}

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

function SchemaBlock({ content }: { content: Content }) {
  return (
    <>
      {Object.entries(content).map(([type, { schema }]) => (
        <div key={type}>
          <p className="muted">{type}</p>
          {type === "application/json" && <pre className="api-schema">{pretty(schema)}</pre>}
        </div>
      ))}
    </>
  );
}

function OperationEntry({ method, path, operation }: Listed) {
  const id = operation.operationId;
  return (
    <section className="card api-operation" id={id} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>
        <a href={`#${id}`}>
          <code>
            {method} {path}
          </code>
        </a>
      </h3>
      <p>{operation.summary}</p>
      <p className="muted">{operation.description}</p>
      {operation.parameters.length > 0 && (
        <table>
          <caption className="muted">Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Required</th>
              <th scope="col">Schema</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((p) => (
              <tr key={`${p.in}:${p.name}`}>
                <td>
                  <code>{p.name}</code>
                </td>
                <td>{p.in}</td>
                <td>{p.required ? "yes" : "no"}</td>
                <td>{schemaSummary(p.schema)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {operation.requestBody && (
        <>
          <h4>Request body</h4>
          {operation.requestBody.description && <p>{operation.requestBody.description}</p>}
          <SchemaBlock content={operation.requestBody.content} />
        </>
      )}
      <h4>Responses</h4>
      {Object.entries(operation.responses).map(([status, response]) => (
        <div key={status}>
          {"$ref" in response ? (
            <p>
              Otherwise: an <a href="#error-shape">error</a>.
            </p>
          ) : (
            <>
              <p>
                <strong>{status}</strong> {response.description}
              </p>
              <SchemaBlock content={response.content} />
            </>
          )}
        </div>
      ))}
    </section>
  );
}

export function ApiReference({ doc }: { doc: OpenApiDocument }) {
  const byTag = operationsByTag(doc);
  return (
    <>
      <nav aria-label="API sections" className="card">
        <ul className="api-toc">
          {doc.tags.map((tag) => (
            <li key={tag.name}>
              <a href={`#tag-${tag.name}`}>{tag.name}</a>
            </li>
          ))}
          <li>
            <a href="#error-shape">Errors</a>
          </li>
        </ul>
      </nav>
      {doc.tags.map((tag) => (
        <section key={tag.name} id={`tag-${tag.name}`} aria-labelledby={`tag-${tag.name}-title`}>
          <h2 id={`tag-${tag.name}-title`}>{tag.name}</h2>
          <p className="muted">{tag.description}</p>
          {byTag.get(tag.name)!.map((listed) => (
            <OperationEntry key={`${listed.method} ${listed.path}`} {...listed} />
          ))}
        </section>
      ))}
      <section id="error-shape" aria-labelledby="error-shape-title">
        <h2 id="error-shape-title">Errors</h2>
        <p>Every error, from every route, is this one JSON shape; the HTTP status says which kind.</p>
        <pre className="api-schema">{pretty(doc.components.schemas.Error)}</pre>
      </section>
    </>
  );
}
