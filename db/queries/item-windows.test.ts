// projectItemWindows gives the id windows every project-wide job walks (refits, re-resolution,
// drift): they must cover exactly the project's first to last item, whatever other projects hold
// in between, and nothing for a project without items.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { openTestDatabase } from "@/db/test-database";
import { seedProject } from "@/db/test-seed";
import { rawRows } from "@/db/raw-sql";
import { itemContentHash } from "@/lib/import/content-hash";
import { importItems, projectItemWindows } from "./items";

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => close());

async function windows(projectId: string, width: number) {
  const out: { fromId: number; toId: number }[] = [];
  for await (const w of projectItemWindows({ db, projectId, width })) out.push(w);
  return out;
}

describe("projectItemWindows", () => {
  it("covers the project's first to last item id in windows of the given width, across other projects' items", async () => {
    const a = await seedProject(db, { project: { slug: "windows-a", labels: ["x"] }, items: [] });
    const b = await seedProject(db, { project: { slug: "windows-b", labels: ["x"] }, items: [] });
    const empty = await seedProject(db, { project: { slug: "windows-empty", labels: ["x"] }, items: [] });
    const ids: Record<"a" | "b", number[]> = { a: [], b: [] };
    // Interleaved imports, so each project's ids have the other's in between.
    for (let round = 0; round < 3; round++) {
      for (const [key, project] of [["a", a], ["b", b]] as const) {
        const records = Array.from({ length: 2 }, (_, i) => ({ externalId: `${key}-${round}-${i}`, text: `text ${key} ${round} ${i}`, metadata: {}, contentHash: itemContentHash(`text ${key} ${round} ${i}`) }));
        await importItems({ db, projectId: project.projectId, fileName: "f.jsonl", format: "jsonl", records, actorId: null });
      }
    }
    for (const [key, project] of [["a", a], ["b", b]] as const) {
      ids[key] = (await rawRows<{ id: number }>(db, "select id from items where project_id = ? order by id", project.projectId)).map((r) => Number(r.id));
    }
    const [aLow, aHigh] = [ids.a[0]!, ids.a.at(-1)!];
    expect(ids.a).toHaveLength(6);
    expect(aHigh - aLow).toBeGreaterThanOrEqual(7);

    const wide = await windows(a.projectId, 1000);
    expect(wide).toEqual([{ fromId: aLow, toId: aHigh }]);
    const narrow = await windows(a.projectId, 4);
    expect(narrow[0]!.fromId).toBe(aLow);
    expect(narrow.at(-1)!.toId).toBe(aHigh);
    for (let i = 1; i < narrow.length; i++) expect(narrow[i]!.fromId).toBe(narrow[i - 1]!.toId + 1);
    for (const w of narrow) expect(w.toId - w.fromId).toBeLessThanOrEqual(3);
    expect((await windows(b.projectId, 1000))[0]).toEqual({ fromId: ids.b[0], toId: ids.b.at(-1) });
    expect(await windows(empty.projectId, 10)).toEqual([]);
  });
});
