// The check after a submission on a gold item, on a real database: below the threshold with enough
// answers, "pause" pauses the annotator (audited, once) and the queue serves them nothing until a
// lead lifts it; "flag" writes nothing and the Team view shows the flag with its interval.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, asc, eq } from "drizzle-orm";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { auditLog, memberships } from "../schema";
import { seedProject, type SeededProject } from "../test-seed";
import { markGoldItems } from "./gold";
import { checkGoldAfterSubmission } from "./gold-checks";
import { saveGoldSettings, type GoldSettings } from "./gold-settings";
import { isMemberPaused, unpauseMember } from "./memberships";
import { nextItemsForAnnotator } from "./queue";
import { teamFigures } from "./team";
import { GoldsetError } from "@/lib/errors";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

type People = "lead" | "ann";
type Items = "g1" | "g2" | "g3" | "n1" | "n2";

async function project(slug: string, gold: Partial<GoldSettings>): Promise<SeededProject<People, Items>> {
  const seed = await seedProject(db, {
    people: { lead: { role: "lead", email: `lead.${slug}@example.org` }, ann: { role: "annotator", email: `ann.${slug}@example.org`, name: "ann" } },
    project: { slug, labels: ["ham", "spam"], overlap: 2 },
    items: ["g1", "g2", "g3", "n1", "n2"],
  });
  const { projectId, people, items } = seed;
  await markGoldItems({ db, projectId, actorId: people.lead, source: "manual", answers: [items.g1, items.g2, items.g3].map((itemId) => ({ itemId, labels: ["ham"] })) });
  await saveGoldSettings({ db, projectId, actorId: people.lead, changes: gold });
  return seed;
}

async function auditOf(projectId: string) {
  return (await db.select({ action: auditLog.action, actorId: auditLog.actorId, details: auditLog.details }).from(auditLog).where(eq(auditLog.projectId, projectId)).orderBy(asc(auditLog.id))).filter(
    (row) => row.action === "member.pause" || row.action === "member.unpause",
  );
}

describe("checkGoldAfterSubmission", () => {
  const settings: GoldSettings = { rate: 0.1, threshold: 0.8, minAnswers: 2, action: "pause" };

  it("pauses an annotator at 0 of 2 under the pause action, once, until a lead lifts it", async () => {
    const { projectId, people, items, label } = await project("gold-pause", settings);
    const check = (itemId: number) => checkGoldAfterSubmission({ db, projectId, annotatorId: people.ann, itemId, settings });

    await label("ann", "g1", ["spam"]);
    expect(await check(items.g1)).toMatchObject({ belowThreshold: false, paused: false, accuracy: { successes: 0, n: 1 } });
    await label("ann", "n1", ["spam"]);
    expect(await check(items.n1)).toBeNull();
    await label("ann", "g2", ["spam"]);
    expect(await check(items.g2)).toMatchObject({ belowThreshold: true, paused: true, accuracy: { successes: 0, n: 2, rate: 0 } });

    const membership = (await db.select().from(memberships).where(and(eq(memberships.projectId, projectId), eq(memberships.userId, people.ann))))[0]!;
    expect(membership.pausedAt).not.toBeNull();
    expect(membership.pausedReason).toBe("Gold accuracy 0/2 (0%) is below the threshold of 80%.");
    expect(await isMemberPaused({ db, projectId, userId: people.ann })).toBe(true);
    expect(await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 2 })).toEqual([]);

    // Already paused: a further wrong answer neither pauses again nor writes a second audit row.
    await label("ann", "g3", ["spam"]);
    expect(await check(items.g3)).toMatchObject({ belowThreshold: true, paused: false });
    expect(await auditOf(projectId)).toEqual([
      { action: "member.pause", actorId: null, details: { reason: membership.pausedReason, correct: 0, answered: 2, threshold: 0.8, minAnswers: 2 } },
    ]);

    const team = await teamFigures({ db, projectId });
    const ann = team.annotators.find((a) => a.annotatorId === people.ann)!;
    // 0 of 3: Wilson 95% interval 0–56.15% (the Team view's own hand-worked figures).
    expect(ann.gold.accuracy).toMatchObject({ successes: 0, n: 3, rate: 0 });
    expect(ann.gold.accuracy.ci95!.high).toBeCloseTo(0.5615, 4);
    expect(ann.gold.belowThreshold).toBe(true);
    expect(ann.paused?.reason).toBe(membership.pausedReason);

    await unpauseMember({ db, projectId, userId: people.ann, actorId: people.lead });
    expect(await isMemberPaused({ db, projectId, userId: people.ann })).toBe(false);
    expect((await nextItemsForAnnotator({ db, projectId, userId: people.ann, count: 1 })).map((i) => i.id)).toEqual([items.n2]);
    expect((await auditOf(projectId)).at(-1)).toEqual({ action: "member.unpause", actorId: people.lead, details: { reason: membership.pausedReason } });
    const again = await unpauseMember({ db, projectId, userId: people.ann, actorId: people.lead }).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(GoldsetError);
    expect((again as GoldsetError).code).toBe("not_found");
  });

  it("only flags under the flag action: nothing is written, the Team view shows it", async () => {
    const flag = { ...settings, action: "flag" as const };
    const { projectId, people, items, label } = await project("gold-flag", flag);
    await label("ann", "g1", ["ham"]);
    await label("ann", "g2", ["spam"]);
    await label("ann", "g3", ["spam"]);
    // 1 of 3 = 33% < 80% with 3 ≥ 2 answered.
    expect(await checkGoldAfterSubmission({ db, projectId, annotatorId: people.ann, itemId: items.g3, settings: flag })).toMatchObject({
      belowThreshold: true,
      paused: false,
    });
    expect(await isMemberPaused({ db, projectId, userId: people.ann })).toBe(false);
    expect(await auditOf(projectId)).toEqual([]);
    const ann = (await teamFigures({ db, projectId })).annotators.find((a) => a.annotatorId === people.ann)!;
    // 1 of 3: Wilson 95% interval 6.15–79.23% (the Team view's own hand-worked figures).
    expect(ann.gold.accuracy).toMatchObject({ successes: 1, n: 3 });
    expect(ann.gold.accuracy.ci95!.low).toBeCloseTo(0.0615, 4);
    expect(ann.gold.accuracy.ci95!.high).toBeCloseTo(0.7923, 4);
    expect(ann.gold.belowThreshold).toBe(true);
    expect(ann.paused).toBeNull();
  });

  it("leaves someone at the threshold alone", async () => {
    const { projectId, people, items, label } = await project("gold-ok", { ...settings, threshold: 0.5 });
    await label("ann", "g1", ["ham"]);
    await label("ann", "g2", ["spam"]);
    expect(await checkGoldAfterSubmission({ db, projectId, annotatorId: people.ann, itemId: items.g2, settings: { ...settings, threshold: 0.5 } })).toMatchObject({
      belowThreshold: false,
      paused: false,
    });
  });
});
