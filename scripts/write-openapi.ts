// npm run api:openapi: writes docs/api/openapi.json from the routes' schemas. The committed file is
// the API's contract; lib/api/openapi/openapi-document.test.ts fails until it matches the code.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openApiDocument } from "@/lib/api/openapi/document";

const file = join(process.cwd(), "docs", "api", "openapi.json");
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`);
console.log(`wrote ${file}`);
