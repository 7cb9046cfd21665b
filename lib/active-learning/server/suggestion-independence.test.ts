import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/db";
import { getProjectSettings } from "@/db/queries/project-settings";
import { nextItemsForAnnotator } from "@/db/queries/queue";
import { openTestDatabase } from "@/db/test-database";
import { seedProject, submitLabel } from "@/db/test-seed";
import { seededRandom } from "@/lib/random";
import { suggestionsForAnnotator } from "@/lib/annotate/annotator-suggestions";
import { resultOf } from "@/lib/jobs/job-test-support";
import { requestRetrain, type RetrainResult } from "./retrain-scheduler";

// The scenario: annotator 1 labels 80 items by coin flip, then annotator 2 works through
// the queue with the project classifier's suggestions on. If the suggestions on annotator 1's
// items were derived from annotator 1's labels, they would match them far more often than chance.

const ITEMS = 160;
const FIRST_ANNOTATOR_ITEMS = 80;
const RETRAIN_EVERY = 20;
const WORDS = (
  "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec " +
  "romeo sierra tango uniform victor whiskey xray yankee zulu amber basil cedar dune ember fjord grove heath"
).split(" ");

let db: Db;
let close: () => void;
let projectId: string;
let people: Record<string, string>;

/** P(X = k) for X ~ Binomial(n, 1/2), exactly enough for n in the hundreds. */
function binomialHalf(n: number, k: number): number {
  let logChoose = 0;
  for (let i = 1; i <= k; i++) logChoose += Math.log(n - k + i) - Math.log(i);
  return Math.exp(logChoose - n * Math.LN2);
}

/** The central 99% acceptance region of Binomial(n, 1/2): at most 0.5% of the mass lies on either side. */
function binomial99Interval(n: number): { low: number; high: number } {
  let low = 0;
  let below = binomialHalf(n, 0);
  while (below <= 0.005) below += binomialHalf(n, ++low);
  return { low, high: n - low };
}

/** Labels the annotator's next item from the queue with a coin flip; returns what was served, or null when the queue is empty. */
async function labelNext(userId: string, flip: () => number, labelled: number) {
  const [item] = await nextItemsForAnnotator({ db, projectId, userId, count: 1 });
  if (!item) return null;
  const suggestion =
    (await suggestionsForAnnotator({ db, project: { id: projectId, taskType: "single_label", settings: await getProjectSettings({ db, projectId }) }, itemIds: [item.id] })).get(
      item.id,
    ) ?? null;
  const label = flip() < 0.5 ? "ham" : "spam";
  await submitLabel({ db, projectId, annotatorId: userId, itemId: item.id, labels: [label] });
  // As the annotations route does after every label: the scheduler retrains every RETRAIN_EVERY of them.
  if ((labelled + 1) % RETRAIN_EVERY === 0) {
    const job = await requestRetrain({ db, projectId, trigger: "labels" });
    expect(job).not.toBeNull();
    const result = await resultOf<RetrainResult>(db, job!);
    expect(result.status).toBe("retrained");
  }
  return { itemId: item.id, label, suggestion };
}

beforeAll(async () => {
  ({ db, close } = await openTestDatabase());
  const random = seededRandom(2024);
  ({ projectId, people } = await seedProject(db, {
    people: { lead: "lead", ann1: null, ann2: null },
    project: { name: "Coins", slug: "coins", labels: ["ham", "spam"], overlap: 2, ranking: { retrainEvery: RETRAIN_EVERY } },
    items: Array.from({ length: ITEMS }, (_, k) => {
      const text = Array.from({ length: 8 }, () => WORDS[Math.floor(random.next() * WORDS.length)]).join(" ");
      return { externalId: `c${k + 1}`, text: `${text} ${k + 1}` };
    }),
  }));
});
afterAll(() => close());

describe("model suggestions and other annotators' labels", () => {
  it("match annotator 1's coin flips at a rate within chance (binomial 99% interval around 0.5)", async () => {
    const coin = seededRandom(7);
    const first = new Map<number, string>();
    for (let k = 0; k < FIRST_ANNOTATOR_ITEMS; k++) {
      const served = await labelNext(people.ann1!, () => coin.next(), k);
      first.set(served!.itemId, served!.label);
    }

    let shown = 0;
    let matches = 0;
    for (let k = 0; ; k++) {
      const served = await labelNext(people.ann2!, () => coin.next(), FIRST_ANNOTATOR_ITEMS + k);
      if (!served) break;
      const theirs = first.get(served.itemId);
      const suggestion = served.suggestion;
      if (theirs === undefined || !suggestion || suggestion.withheld) continue;
      expect(suggestion.sourceKind).toBe("model");
      shown++;
      if (suggestion.labels.length === 1 && suggestion.labels[0] === theirs) matches++;
    }

    // Most of annotator 1's items reach annotator 2 with a suggestion (the rest are withheld for
    // the anchoring estimate, or were served before the first model).
    expect(shown).toBeGreaterThanOrEqual(50);
    const { low, high } = binomial99Interval(shown);
    expect({ shown, matches, withinChance: matches >= low && matches <= high }).toEqual({ shown, matches, withinChance: true });
    // Hundreds of labels through the queue with retrains between them: 9 s on SQLite, longer on
    // PostgreSQL and on a busy machine, so more room than the suite's 30 s default.
  }, 120_000);

  it("computes the interval by hand-worked values", () => {
    // Binomial(10, 1/2): P(X <= 0) = 1/1024 < 0.005, P(X <= 1) = 11/1024 > 0.005.
    expect(binomial99Interval(10)).toEqual({ low: 1, high: 9 });
    // Binomial(72, 1/2): the normal approximation gives 36 +- 2.576 * sqrt(18) = 36 +- 10.9.
    expect(binomial99Interval(72)).toEqual({ low: 25, high: 47 });
  });
});
