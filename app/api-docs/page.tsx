import Link from "next/link";
import { ApiReference } from "@/components/api-docs/api-reference";
import { openApiDocument } from "@/lib/api/openapi/document";

export const metadata = { title: "API reference · Goldset" };

// Public like the document it renders (/api/openapi.json): it describes the API and holds no data.
export default function ApiDocsPage() {
  const doc = openApiDocument();
  return (
    <main className="page api-docs">
      <p>
        <Link href="/projects">Goldset</Link>
      </p>
      <h1>
        {doc.info.title} <span className="muted">v{doc.info.version}</span>
      </h1>
      <p>{doc.info.description}</p>
      <p>
        Machine-readable: <a href="/api/v1/openapi.json">/api/v1/openapi.json</a> (OpenAPI 3.1). Paths start with <code>/api/v1</code>; send{" "}
        <code>Authorization: Bearer gst_…</code> with a personal access token.
      </p>
      <ApiReference doc={doc} />
    </main>
  );
}
