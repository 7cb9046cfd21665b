import { describe, expect, it } from "vitest";
import { workflowSettings } from "./workflow-settings";

describe("workflowSettings", () => {
  it("fills every default for a project that stored nothing", () => {
    const s = workflowSettings({});
    expect(s.ranking).toMatchObject({ strategy: "margin", explorationShare: 0.1, retrainEvery: 20 });
    expect(s.anchoringShare).toBe(0.1);
    expect(s.review.allowSelfAdjudication).toBe(false);
  });
  it("keeps stored values and defaults the rest", () => {
    const s = workflowSettings({ ranking: { strategy: "entropy" }, anchoringShare: 0.25 });
    expect(s.ranking.strategy).toBe("entropy");
    expect(s.ranking.retrainEvery).toBe(20);
    expect(s.anchoringShare).toBe(0.25);
  });
  it("gives gold checks their defaults and refuses a rate above one half", () => {
    expect(workflowSettings({}).gold).toEqual({ rate: 0.1, threshold: 0.8, minAnswers: 10, action: "flag" });
    expect(workflowSettings({ gold: { action: "pause", minAnswers: 3 } }).gold).toEqual({ rate: 0.1, threshold: 0.8, minAnswers: 3, action: "pause" });
    expect(workflowSettings({ gold: { rate: 0.6 } }).gold.rate).toBe(0.1);
  });
  it("falls back to defaults rather than failing on a corrupt value", () => {
    expect(workflowSettings({ anchoringShare: 7 }).anchoringShare).toBe(0.1);
  });
});
