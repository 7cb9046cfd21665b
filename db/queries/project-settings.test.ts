import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject } from "./projects";
import { getProjectSettings, saveProjectSettings, withSectionChanges } from "./project-settings";
import { getReviewSettings, saveReviewSettings } from "./review-settings";
import { getRankingSettings, saveRankingSettings } from "./ranking-settings";
import { getSuggestionSettings, saveSuggestionSettings } from "./llm-settings";
import { GoldsetError } from "@/lib/errors";
import { rawRows } from "@/db/raw-sql";

let db: Db;
let close: () => void;
let projectId: string;
let lead: string;

beforeEach(async () => {
  ({ db, close } = await openTestDatabase());
  lead = (await createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" })).id;
  projectId = (await createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead }))
    .id;
});
afterEach(() => close());

const audit = async () =>
  (
    (await rawRows(db, "select action, cast(details as text) as details from audit_log where action like 'project.%settings' order by id")) as { action: string; details: string }[]
  ).map((row) => ({ action: row.action, details: JSON.parse(row.details) as unknown }));

describe("withSectionChanges", () => {
  it("merges into the section, keeps its other knobs and every other key, and starts a section that is missing or not an object", () => {
    const stored = { review: { agreementThreshold: 0.6, aggregation: "majority" }, anchoringShare: 0.2, legacy: "kept" };
    expect(withSectionChanges(stored, "review", { agreementThreshold: 0.8 })).toEqual({
      review: { agreementThreshold: 0.8, aggregation: "majority" },
      anchoringShare: 0.2,
      legacy: "kept",
    });
    expect(withSectionChanges({}, "ranking", { strategy: "entropy" })).toEqual({ ranking: { strategy: "entropy" } });
    expect(withSectionChanges({ ranking: null }, "ranking", { strategy: "entropy" })).toEqual({ ranking: { strategy: "entropy" } });
  });
});

describe("saveRankingSettings", () => {
  it("starts from the defaults, merges changes into the stored settings, keeps other knobs, and audits", async () => {
    expect(await getRankingSettings({ db, projectId })).toEqual({
      strategy: "margin",
      explorationShare: 0.1,
      retrainEvery: 20,
      minPerClass: 3,
      rareClassBoost: 0.2,
      disagreementBoost: 0.3,
      encoderModel: "Xenova/all-MiniLM-L6-v2",
    });
    await saveSuggestionSettings({ db, projectId, actorId: lead, changes: { anchoringShare: 0.25 } });
    await saveRankingSettings({ db, projectId, actorId: lead, changes: { strategy: "entropy", explorationShare: 0.2 } });
    const saved = await saveRankingSettings({ db, projectId, actorId: lead, changes: { retrainEvery: 5, encoderModel: "owner/encoder" } });
    expect(saved).toMatchObject({ strategy: "entropy", explorationShare: 0.2, retrainEvery: 5, minPerClass: 3, encoderModel: "owner/encoder" });
    expect(await getProjectSettings({ db, projectId })).toMatchObject({
      anchoringShare: 0.25,
      encoderModel: "owner/encoder",
      ranking: { strategy: "entropy", explorationShare: 0.2, retrainEvery: 5 },
    });

    const rankingAudit = (await rawRows(db, "select action, actor_id as actor, cast(details as text) as details from audit_log where action = 'project.ranking_settings' order by id")) as { action: string; actor: string; details: string }[];
    expect(rankingAudit).toHaveLength(2);
    expect(rankingAudit[1]!.actor).toBe(lead);
    expect(JSON.parse(rankingAudit[1]!.details)).toMatchObject({
      before: { strategy: "entropy", retrainEvery: 20 },
      changes: { retrainEvery: 5, encoderModel: "owner/encoder" },
    });
  });
});

describe("saving one section of the project settings", () => {
  it("keeps what the other sections saved, and audits each save under its own action with the view before", async () => {
    await saveReviewSettings({ db, projectId, actorId: lead, changes: { agreementThreshold: 0.6 } });
    await saveRankingSettings({ db, projectId, actorId: lead, changes: { strategy: "entropy", encoderModel: "owner/encoder" } });
    await saveSuggestionSettings({ db, projectId, actorId: lead, changes: { llmSuggestions: false } });
    const review = await saveReviewSettings({ db, projectId, actorId: lead, changes: { aggregation: "dawid-skene" } });

    expect(review).toEqual({
      agreementThreshold: 0.6,
      aggregation: "dawid-skene",
      dawidSkenePosterior: 0.9,
      dawidSkeneEvery: 50,
      allowSelfAdjudication: false,
    });
    expect(await getReviewSettings({ db, projectId })).toEqual(review);
    expect(await getRankingSettings({ db, projectId })).toMatchObject({ strategy: "entropy", retrainEvery: 20, encoderModel: "owner/encoder" });
    expect(await getSuggestionSettings({ db, projectId })).toEqual({ llmSuggestions: false, modelSuggestions: true, anchoringShare: 0.1 });
    expect(await getProjectSettings({ db, projectId })).toEqual({
      review: { agreementThreshold: 0.6, aggregation: "dawid-skene" },
      ranking: { strategy: "entropy" },
      encoderModel: "owner/encoder",
      llmSuggestions: false,
    });
    expect((await audit()).map((entry) => entry.action)).toEqual([
      "project.review_settings",
      "project.ranking_settings",
      "project.suggestion_settings",
      "project.review_settings",
    ]);
    expect((await audit())[3]!.details).toEqual({
      before: { agreementThreshold: 0.6, aggregation: "majority", dawidSkenePosterior: 0.9, dawidSkeneEvery: 50, allowSelfAdjudication: false },
      changes: { aggregation: "dawid-skene" },
    });
  });

  it("refuses changes that would make the settings unreadable, naming the field, and writes nothing", async () => {
    await saveReviewSettings({ db, projectId, actorId: lead, changes: { agreementThreshold: 0.6 } });
    const stored = await getProjectSettings({ db, projectId });
    const attempt = async () => await saveRankingSettings({ db, projectId, actorId: lead, changes: { retrainEvery: 0 } });
    await expect(attempt()).rejects.toThrow(GoldsetError);
    await expect(attempt()).rejects.toThrow(/ranking\.retrainEvery/);
    try {
      await attempt();
    } catch (error) {
      expect((error as GoldsetError).code).toBe("bad_request");
      expect((error as GoldsetError).problems.map((p) => p.field)).toEqual(["ranking.retrainEvery"]);
    }
    expect(await getProjectSettings({ db, projectId })).toEqual(stored);
    expect((await getReviewSettings({ db, projectId })).agreementThreshold).toBe(0.6);
    expect(await audit()).toHaveLength(1);
  });

  it("answers not_found for a project that does not exist", async () => {
    const save = async () =>
      await saveProjectSettings({ db, projectId: "nope", actorId: lead, action: "project.review_settings", changes: {}, merge: (s) => s, view: (s) => s });
    await expect(save()).rejects.toThrow(expect.objectContaining({ code: "not_found" }));
  });
});
