// The Team view's figures on a fixture small enough to work out by hand (the arithmetic is in the
// comments), on SQLite and, in the PostgreSQL pass, on PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { suggestions } from "../schema";
import { seedProject } from "../test-seed";
import { submitAnnotation } from "./annotations";
import { teamFigures, type AnnotatorFigures, type TeamFigures } from "./team";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

/** Wilson 95% bounds worked out by hand (z = 1.96) for the counts this fixture produces. */
const WILSON = {
  "0/1": [0, 0.7935],
  "1/1": [0.2065, 1],
  "0/3": [0, 0.5615],
  "1/3": [0.0615, 0.7923],
  "2/3": [0.2077, 0.9385],
  "3/3": [0.4385, 1],
  "0/4": [0, 0.4899],
  "1/4": [0.0456, 0.6994],
} as const;

function expectProportion(actual: { successes: number; n: number; ci95: { low: number; high: number } | null }, key: keyof typeof WILSON) {
  const [successes, n] = key.split("/").map(Number);
  expect([actual.successes, actual.n]).toEqual([successes, n]);
  expect(actual.ci95!.low).toBeCloseTo(WILSON[key][0], 4);
  expect(actual.ci95!.high).toBeCloseTo(WILSON[key][1], 4);
}

describe("teamFigures", () => {
  let team: TeamFigures;
  let people: Record<"lead" | "ann" | "bea" | "cy" | "dee", string>;
  const byName = (name: string): AnnotatorFigures => team.annotators.find((a) => a.name === name)!;

  beforeAll(async () => {
    const seed = await seedProject(db, {
      people: { lead: "lead", ann: "annotator", bea: "annotator", cy: null, dee: "annotator" },
      project: { slug: "team", labels: ["ham", "spam"], overlap: 3 },
      items: ["i1", "i2", "i3", "i4"],
    });
    people = seed.people;
    const { projectId, items } = seed;
    const suggestion = (
      await db
        .insert(suggestions)
        .values({ projectId, itemId: items.i3, sourceKind: "import", modelName: "m", labels: ["spam"], status: "ok", createdAt: new Date() })
        .returning({ id: suggestions.id })
    )[0]!.id;
    const label = async (
      person: "ann" | "bea" | "cy",
      item: "i1" | "i2" | "i3" | "i4",
      labels: string[],
      timeSpentMs: number | undefined,
      extra: { notSure?: boolean; shown?: boolean } = {},
    ) =>
      await submitAnnotation({
        db,
        projectId,
        annotatorId: people[person],
        input: {
          id: randomUUID(),
          itemId: items[item],
          labels,
          notSure: extra.notSure ?? false,
          timeSpentMs,
          suggestionId: item === "i3" ? suggestion : undefined,
          suggestionShown: extra.shown ?? false,
          rejectedSuggestion: false,
        },
      });
    // i1: all three say spam (unanimous).
    await label("ann", "i1", ["spam"], 10_000);
    await label("bea", "i1", ["spam"], 20_000);
    await label("cy", "i1", ["spam"], undefined);
    // i2: ann first says spam (5 s, then superseded by her correction to ham, 40 s); bea and cy spam: majority spam.
    await label("ann", "i2", ["spam"], 5_000);
    await label("ann", "i2", ["ham"], 40_000);
    await label("bea", "i2", ["spam"], 10_000);
    await label("cy", "i2", ["spam"], 20_000);
    // i3 has a suggestion (spam): ann is shown it and takes it, bea is shown it and changes it, cy has it withheld.
    await label("ann", "i3", ["spam"], 20_000, { shown: true });
    await label("bea", "i3", ["ham"], 30_000, { shown: true });
    await label("cy", "i3", ["spam"], 60_000);
    // i4: ann says ham, bea is not sure with no label: ann's is the only vote (resolved "single").
    await label("ann", "i4", ["ham"], 30_000);
    await label("bea", "i4", [], 50_000, { notSure: true });
    team = await teamFigures({ db, projectId });
  });

  it("rests on the resolutions the fixture is meant to produce", async () => {
    const methods = (await rawRows(db, "select i.external_id as \"item\", r.method as \"method\" from item_resolutions r join items i on i.id = r.item_id order by i.external_id")) as {
      item: string;
      method: string;
    }[];
    expect(methods).toEqual([
      { item: "i1", method: "unanimous" },
      { item: "i2", method: "majority" },
      { item: "i3", method: "majority" },
      { item: "i4", method: "single" },
    ]);
  });

  it("lists annotator members and anyone with labels, never the lead", () => {
    expect(team.annotators.map((a) => [a.name, a.member])).toEqual([
      ["ann", true],
      ["bea", true],
      ["cy", false],
      ["dee", true],
    ]);
  });

  it("counts items done on current labels only (ann's superseded label is not an item or a time)", () => {
    expect(team.annotators.map((a) => [a.name, a.itemsDone, a.timedItems])).toEqual([
      ["ann", 4, 4],
      ["bea", 4, 4],
      ["cy", 3, 2],
      ["dee", 0, 0],
    ]);
  });

  it("gives labels per labelling hour and the median time per item", () => {
    // ann: 4 labels in 10+40+20+30 = 100 s → 4 / (100/3600) h = 144 per hour; median of 10,20,30,40 s = 25 s.
    expect(byName("ann").labelsPerLabellingHour).toBeCloseTo(144, 9);
    expect(byName("ann").medianTimeMs).toBe(25_000);
    // bea: 4 labels in 20+10+30+50 = 110 s → 14400/110 = 130.909… per hour; median of 10,20,30,50 s = 25 s.
    expect(byName("bea").labelsPerLabellingHour).toBeCloseTo(14_400 / 110, 9);
    expect(byName("bea").medianTimeMs).toBe(25_000);
    // cy: i1 has no recorded time, so 2 labels in 20+60 = 80 s → 90 per hour; median of 20,60 s = 40 s.
    expect(byName("cy").labelsPerLabellingHour).toBeCloseTo(90, 9);
    expect(byName("cy").medianTimeMs).toBe(40_000);
    expect(byName("dee").labelsPerLabellingHour).toBeNull();
    expect(byName("dee").medianTimeMs).toBeNull();
  });

  it("scores agreement with the final labels on items resolved by more than one vote", () => {
    // ann: i1 yes, i2 no (ham vs spam), i3 yes; i4 rests on her vote alone and is left out.
    expectProportion(byName("ann").agreementWithFinal, "2/3");
    // bea: i1 yes, i2 yes, i3 no; her i4 has no label.
    expectProportion(byName("bea").agreementWithFinal, "2/3");
    expectProportion(byName("cy").agreementWithFinal, "3/3");
    expect(byName("dee").agreementWithFinal).toMatchObject({ n: 0, rate: null, ci95: null });
  });

  it("gives the not-sure rate over items done", () => {
    expectProportion(byName("ann").notSure, "0/4");
    expectProportion(byName("bea").notSure, "1/4");
    expectProportion(byName("cy").notSure, "0/3");
  });

  it("gives suggestion acceptance among labels with the suggestion shown, and counts the withheld ones", () => {
    expectProportion(byName("ann").suggestionAcceptance, "1/1");
    expectProportion(byName("bea").suggestionAcceptance, "0/1");
    expect(byName("cy").suggestionAcceptance).toMatchObject({ successes: 0, n: 0, rate: null });
    expect(team.annotators.map((a) => a.suggestionsWithheld)).toEqual([0, 0, 1, 0]);
  });

  it("gives pairwise agreement on co-labelled items, each pair once", () => {
    const pair = (x: string, y: string) => {
      const [a, b] = [x, y].sort();
      return team.pairs.find((p) => p.a === a && p.b === b)!;
    };
    expect(team.pairs).toHaveLength(3);
    // ann–bea: i1 same, i2 and i3 differ; i4 is not co-labelled (bea gave no label).
    expect(pair(people.ann, people.bea).coLabelled).toBe(3);
    expectProportion(pair(people.ann, people.bea).agreement, "1/3");
    // ann–cy: i1 and i3 same, i2 differs.
    expectProportion(pair(people.ann, people.cy).agreement, "2/3");
    // bea–cy: i1 and i2 same, i3 differs.
    expectProportion(pair(people.bea, people.cy).agreement, "2/3");
  });
});

describe("teamFigures on a multi-label project", () => {
  it("compares label sets whatever order they were submitted in", async () => {
    const seed = await seedProject(db, {
      people: { lead2: "lead", x: "annotator", y: "annotator" },
      project: { slug: "multi", taskType: "multi_label", labels: ["pos", "neg", "mixed"], overlap: 2 },
      items: ["m1", "m2"],
    });
    await seed.label("x", "m1", ["pos", "neg"]);
    await seed.label("y", "m1", ["neg", "pos"]);
    await seed.label("x", "m2", ["pos"]);
    await seed.label("y", "m2", ["pos", "mixed"]);
    const team = await teamFigures({ db, projectId: seed.projectId });
    expect(team.pairs).toHaveLength(1);
    expect(team.pairs[0]!.agreement).toMatchObject({ successes: 1, n: 2 });
  });
});
