import { describe, expect, it } from "vitest";
import { ApiError } from "@/components/ui/api-client";
import { afterFailedRound, FIRST_RETRY_MS, MAX_RETRY_MS } from "./embedding-round-failure";

describe("afterFailedRound", () => {
  it("stops on a refusal the server would repeat: a failed cross-check (403) or a lost session (401)", () => {
    expect(afterFailedRound(new ApiError(403, "Some of the 32 posted vectors disagree"), 1)).toEqual({ stop: true, message: "Some of the 32 posted vectors disagree" });
    expect(afterFailedRound(new ApiError(401, "Sign in first."), 3)).toMatchObject({ stop: true });
  });

  it("retries anything else, doubling the wait after each failure in a row up to a cap", () => {
    const lapsed = new ApiError(409, "You do not hold item(s) 4, 5");
    expect(afterFailedRound(lapsed, 1)).toEqual({ stop: false, message: "You do not hold item(s) 4, 5", retryInMs: FIRST_RETRY_MS });
    expect(afterFailedRound(new TypeError("Failed to fetch"), 2)).toMatchObject({ stop: false, retryInMs: 2 * FIRST_RETRY_MS });
    expect(afterFailedRound(lapsed, 4)).toMatchObject({ retryInMs: 8 * FIRST_RETRY_MS });
    expect(afterFailedRound(lapsed, 40)).toMatchObject({ retryInMs: MAX_RETRY_MS });
  });
});
