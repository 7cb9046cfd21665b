import { openApiDocument } from "@/lib/api/openapi/document";

/** The API's OpenAPI 3.1 document, generated from the routes' own schemas: public, it holds no secrets. */
export function GET() {
  return Response.json(openApiDocument());
}
