import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/ui/api-client";
import { finalRefusalMessage } from "./submission-refusal";

describe("finalRefusalMessage", () => {
  it("passes the server's 409 on, saying the label was not saved", () => {
    const refusal = new ApiError(409, "Item one already has the annotations it needs and is not leased to you; nothing was saved: take the next item from the queue.");
    expect(finalRefusalMessage(refusal)).toBe(
      "Your last label was not saved. Item one already has the annotations it needs and is not leased to you; nothing was saved: take the next item from the queue.",
    );
  });

  it("leaves other failures to the usual error path", () => {
    expect(finalRefusalMessage(new ApiError(500, "boom"))).toBeNull();
    expect(finalRefusalMessage(new ApiError(400, "bad label"))).toBeNull();
    expect(finalRefusalMessage(new TypeError("fetch failed"))).toBeNull();
  });
});
