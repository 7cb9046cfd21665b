import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openTestDatabase } from "../test-database";
import type { Db } from "../index";
import { createUser } from "./users";
import { createProject } from "./projects";
import { saveSuggestionSettings } from "./llm-settings";
import { getProjectSettings, getRankingSettings, saveRankingSettings } from "./ranking-settings";

let db: Db;
let close: () => void;
let projectId: string;
let lead: string;

beforeEach(() => {
  ({ db, close } = openTestDatabase());
  lead = createUser({ db, email: "lead@example.org", name: "Lead", passwordHash: "x" }).id;
  projectId = createProject({ db, name: "SMS", slug: "sms", taskType: "single_label", labelDefs: [{ name: "ham" }, { name: "spam" }], createdBy: lead }).id;
});
afterEach(() => close());

describe("saveRankingSettings", () => {
  it("starts from the defaults, merges changes into the stored settings, keeps other knobs, and audits", () => {
    expect(getRankingSettings({ db, projectId })).toEqual({
      strategy: "margin",
      explorationShare: 0.1,
      retrainEvery: 20,
      minPerClass: 3,
      rareClassBoost: 0.2,
      disagreementBoost: 0.3,
      encoderModel: "Xenova/all-MiniLM-L6-v2",
    });
    saveSuggestionSettings({ db, projectId, actorId: lead, changes: { anchoringShare: 0.25 } });
    saveRankingSettings({ db, projectId, actorId: lead, changes: { strategy: "entropy", explorationShare: 0.2 } });
    const saved = saveRankingSettings({ db, projectId, actorId: lead, changes: { retrainEvery: 5, encoderModel: "owner/encoder" } });
    expect(saved).toMatchObject({ strategy: "entropy", explorationShare: 0.2, retrainEvery: 5, minPerClass: 3, encoderModel: "owner/encoder" });
    expect(getProjectSettings({ db, projectId })).toMatchObject({ anchoringShare: 0.25, encoderModel: "owner/encoder", ranking: { strategy: "entropy", explorationShare: 0.2, retrainEvery: 5 } });

    const audit = db.$client.prepare("select action, actor_id as actor, details from audit_log where action = 'project.ranking_settings' order by id").all() as { action: string; actor: string; details: string }[];
    expect(audit).toHaveLength(2);
    expect(audit[1]!.actor).toBe(lead);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({ before: { strategy: "entropy", retrainEvery: 20 }, changes: { retrainEvery: 5, encoderModel: "owner/encoder" } });
  });
});
