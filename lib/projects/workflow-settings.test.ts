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
  it("falls back to defaults rather than failing on a corrupt value", () => {
    expect(workflowSettings({ anchoringShare: 7 }).anchoringShare).toBe(0.1);
  });
});
