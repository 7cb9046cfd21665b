import { describe, expect, it } from "vitest";
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, blockedUntilAfterFailure, throttleMessage } from "./login-throttle";

describe("blockedUntilAfterFailure", () => {
  it("gives an account three free failures, then 1, 2, 4 … 32 s, then a 15-minute lock", () => {
    const delays = Array.from({ length: 11 }, (_, i) => blockedUntilAfterFailure(ACCOUNT_THROTTLE, i + 1, 0));
    expect(delays).toEqual([0, 0, 0, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 900_000, 900_000]);
  });

  it("gives an address ten free failures and locks it at fifty", () => {
    expect(blockedUntilAfterFailure(ADDRESS_THROTTLE, 10, 5)).toBe(5);
    expect(blockedUntilAfterFailure(ADDRESS_THROTTLE, 11, 5)).toBe(1_005);
    expect(blockedUntilAfterFailure(ADDRESS_THROTTLE, 14, 5)).toBe(8_005);
    expect(blockedUntilAfterFailure(ADDRESS_THROTTLE, 50, 5)).toBe(900_005);
  });
});

describe("throttleMessage", () => {
  it("says how long to wait, in seconds or minutes", () => {
    expect(throttleMessage(1_000, 0)).toBe("Too many failed sign-ins: try again in 1 second.");
    expect(throttleMessage(31_500, 0)).toBe("Too many failed sign-ins: try again in 32 seconds.");
    expect(throttleMessage(900_000, 0)).toBe("Too many failed sign-ins: try again in 15 minutes.");
  });
});
