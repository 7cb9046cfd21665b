import { describe, expect, it } from "vitest";
import { itemStatusText } from "./item-status";

const facts = { open: true, method: null, inReview: false, notSure: false, skipped: false };

describe("itemStatusText", () => {
  it("says open, labelled, resolved or in review, most pressing first, with not sure and skipped beside", () => {
    expect(itemStatusText(facts)).toBe("open");
    expect(itemStatusText({ ...facts, open: false, method: "unresolved" })).toBe("labelled");
    expect(itemStatusText({ ...facts, open: false, method: "unanimous" })).toBe("resolved");
    expect(itemStatusText({ ...facts, method: "single", inReview: true, notSure: true })).toBe("in review, not sure");
    expect(itemStatusText({ ...facts, skipped: true })).toBe("open, skipped");
  });
});
