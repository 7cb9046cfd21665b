// Team trends on fixtures small enough to work out by hand, on SQLite and, in the PostgreSQL pass,
// on PostgreSQL. Each label is written at a set time, so its period is known.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { seedProject } from "../test-seed";
import { teamTrends, type TrendPoint } from "./team-trends";

let db: Db;
let close: () => Promise<void>;
beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
});
afterAll(async () => await close());

const utc = (month: number, day: number, hour = 0) => new Date(Date.UTC(2026, month - 1, day, hour));
const point = (start: Date, labels: number, notSure: number, comparedWithFinal: number, sameAsFinal: number): TrendPoint => ({ start, labels, notSure, comparedWithFinal, sameAsFinal });

describe("teamTrends", () => {
  it("counts per day while the project is young, empty days included", async () => {
    const seed = await seedProject(db, {
      people: { lead: "lead", ann: "annotator", bea: "annotator", cy: "annotator" },
      project: { slug: "trends-daily", labels: ["ham", "spam"], overlap: 3 },
      items: ["i1", "i2", "i3"],
    });
    // Tuesday 1 December: ann labels i1 ham, i2 spam. Thursday 3rd: bea and cy label i1 ham
    // (bea only) and i2 ham. Friday 4th: ann labels i3 spam, not sure.
    await seed.label("ann", "i1", ["ham"], { now: utc(12, 1, 10) });
    await seed.label("ann", "i2", ["spam"], { now: utc(12, 1, 11) });
    await seed.label("bea", "i1", ["ham"], { now: utc(12, 3, 9) });
    await seed.label("bea", "i2", ["ham"], { now: utc(12, 3, 9) });
    await seed.label("cy", "i2", ["ham"], { now: utc(12, 3, 15) });
    await seed.label("ann", "i3", ["spam"], { notSure: true, now: utc(12, 4, 8) });
    // Finals: i1 ham (two votes), i2 ham (2 to 1), i3 rests on ann's one vote and is not compared.
    const trends = await teamTrends({ db, projectId: seed.projectId });
    const days = [utc(12, 1), utc(12, 2), utc(12, 3), utc(12, 4)];
    expect(trends.period).toBe("day");
    expect(trends.starts).toEqual(days);
    const of = (person: "ann" | "bea" | "cy") => trends.annotators.find((a) => a.annotatorId === seed.people[person])!.points;
    expect(of("ann")).toEqual([point(days[0]!, 2, 0, 2, 1), point(days[1]!, 0, 0, 0, 0), point(days[2]!, 0, 0, 0, 0), point(days[3]!, 1, 1, 0, 0)]);
    expect(of("bea")).toEqual([point(days[0]!, 0, 0, 0, 0), point(days[1]!, 0, 0, 0, 0), point(days[2]!, 2, 0, 2, 2), point(days[3]!, 0, 0, 0, 0)]);
    expect(of("cy")[2]).toEqual(point(days[2]!, 1, 0, 1, 1));
  });

  it("counts per week (from Monday) once the labels span four weeks or more", async () => {
    const seed = await seedProject(db, {
      people: { weeklyLead: "lead", dan: "annotator" },
      project: { slug: "trends-weekly", labels: ["ham", "spam"], overlap: 1 },
      items: ["x1", "x2", "x3"],
    });
    // Monday 2 November, Sunday 8 November (same week), Wednesday 2 December: 30 days.
    await seed.label("dan", "x1", ["ham"], { now: utc(11, 2, 0) });
    await seed.label("dan", "x2", ["ham"], { notSure: true, now: utc(11, 8, 23) });
    await seed.label("dan", "x3", ["spam"], { now: utc(12, 2, 12) });
    const trends = await teamTrends({ db, projectId: seed.projectId });
    expect(trends.period).toBe("week");
    expect(trends.starts).toEqual([utc(11, 2), utc(11, 9), utc(11, 16), utc(11, 23), utc(11, 30)]);
    expect(trends.annotators[0]!.points.map((p) => [p.labels, p.notSure])).toEqual([[2, 1], [0, 0], [0, 0], [0, 0], [1, 0]]);
  });

  it("has no periods before anyone labels", async () => {
    const seed = await seedProject(db, { project: { slug: "trends-empty", labels: ["ham"] }, items: ["e1"] });
    expect(await teamTrends({ db, projectId: seed.projectId })).toEqual({ period: "day", starts: [], annotators: [] });
  });
});
