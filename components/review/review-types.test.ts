import { describe, expect, it } from "vitest";
import { describeSendBack } from "./review-types";

describe("describeSendBack", () => {
  it("says how many annotations were requested", () => {
    expect(describeSendBack("item-1", { status: "requested", added: 1, waitingFor: 1 })).toBe(
      "#item-1: one more annotation requested. It leaves the review queue until it arrives.",
    );
    // Overlap 3 with one label, three asked for: one added on top of the two still due.
    expect(describeSendBack("item-2", { status: "requested", added: 1, waitingFor: 3 })).toBe(
      "#item-2: one more annotation requested, 3 awaited in all. It leaves the review queue until they arrive.",
    );
  });

  it("claims no request when the item was still short of its overlap", () => {
    expect(describeSendBack("item-3", { status: "awaiting_overlap", added: 0, waitingFor: 1 })).toBe(
      "#item-3 is already waiting for one more annotation (its overlap), so nothing more was requested. It leaves the review queue until it arrives.",
    );
  });

  it("says a second press changed nothing", () => {
    expect(describeSendBack("item-1", { status: "unchanged", added: 0, waitingFor: 2 })).toBe("#item-1 is already waiting for 2 more annotations: nothing changed.");
  });
});
