// The PostgreSQL tables (db/schema-pg.ts) read and write each column kind as the SQLite tables do:
// timestamps as Dates stored in epoch milliseconds, JSON kept as written (key order included),
// booleans, buffers, and ids numbered by the database.
import { afterAll, beforeAll, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import * as schema from "./schema-pg";
import { createPgTestDatabase, describePg, type PgTestDatabase } from "./pg-test-support";

describePg("the PostgreSQL tables", () => {
  let database: PgTestDatabase;
  beforeAll(async () => {
    database = await createPgTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it("round-trip every column kind", async () => {
    const db = drizzle(database.pool, { schema });
    const before = Date.now();
    await db.insert(schema.users).values({ id: "u1", email: "u1@example.org", name: "U1", passwordHash: "x", deactivatedAt: new Date(1_700_000_000_123) });
    const [user] = await db.select().from(schema.users).where(eq(schema.users.id, "u1"));
    expect(user!.deactivatedAt).toEqual(new Date(1_700_000_000_123));
    expect(user!.isAdmin).toBe(false);
    expect(user!.createdAt).toBeInstanceOf(Date);
    expect(user!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(user!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);

    // json, not jsonb: the text stays as written, key order and all.
    await db.insert(schema.projects).values({ id: "p1", slug: "p1", name: "P1", taskType: "single_label", settings: { zeta: 1, alpha: { b: 2, a: 1 } } });
    const raw = await database.pool.query<{ settings: string; visible_metadata: string; created_at: string }>(
      `select settings::text as settings, visible_metadata::text as visible_metadata, created_at::text as created_at from projects`,
    );
    expect(raw.rows[0]!.settings).toBe('{"zeta":1,"alpha":{"b":2,"a":1}}');
    expect(raw.rows[0]!.visible_metadata).toBe("[]");
    expect(raw.rows[0]!.created_at).toMatch(/^\d{13}$/);
    const [project] = await db.select().from(schema.projects);
    expect(Object.keys(project!.settings)).toEqual(["zeta", "alpha"]);

    const [first, second] = await db
      .insert(schema.items)
      .values([
        { projectId: "p1", externalId: "a", text: "a", contentHash: "ha", queueRank0: 0.1 + 0.2 },
        { projectId: "p1", externalId: "b", text: "b", contentHash: "hb" },
      ])
      .returning();
    expect(second!.id).toBe(first!.id + 1);
    expect(first!.open).toBe(true);
    expect(first!.queueRank0).toBe(0.1 + 0.2); // double precision, as SQLite's real
    expect(first!.metadata).toEqual({});

    const vector = Buffer.from([0, 1, 127, 128, 255]);
    await db.insert(schema.embeddings).values({ itemId: first!.id, modelId: "m", encoding: "int8", dim: 5, vector });
    const [embedding] = await db.select().from(schema.embeddings);
    expect(Buffer.isBuffer(embedding!.vector)).toBe(true);
    expect(embedding!.vector.equals(vector)).toBe(true);

    const [counts] = await db.select().from(schema.projectCounts).where(eq(schema.projectCounts.projectId, "p1"));
    expect(counts).toEqual({ projectId: "p1", items: 0, openItems: 0, labelSubmissions: 0 });
  });
});
