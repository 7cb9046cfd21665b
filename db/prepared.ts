// A statement prepared once and run many times (bulk inserts, the LLM store's per-item claims), on
// either database. SQLite prepares it on its one connection; PostgreSQL needs a name, which node-
// postgres prepares once per pooled connection: it is derived from the SQL text, so the same
// statement prepared again (every import, every store) reuses the server's copy instead of piling
// up new ones. Run it with `.execute(values)`, the method both drivers share.
import { createHash } from "node:crypto";
import { DIALECT } from "./dialect/configured";

type Preparable<P> = { prepare(): P; toSQL(): { sql: string } };

export function prepared<P>(builder: Preparable<P>): P {
  if (DIALECT !== "postgres") return builder.prepare();
  const name = `goldset_${createHash("sha256").update(builder.toSQL().sql).digest("hex").slice(0, 24)}`;
  return (builder.prepare as (name: string) => P).call(builder, name);
}
