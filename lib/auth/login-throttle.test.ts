import { describe, expect, it } from "vitest";
import { ACCOUNT_THROTTLE, ADDRESS_THROTTLE, addressThrottleKey, blockedUntilAfterFailure, throttleMessage } from "./login-throttle";

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

describe("addressThrottleKey", () => {
  it("keys every spelling of an address in one IPv6 /64 alike, and another /64 apart", () => {
    const spellings = [
      "2001:db8:abcd:12::1",
      "2001:0db8:abcd:0012:0000:0000:0000:0001",
      "2001:DB8:ABCD:12:ffff:ffff:ffff:fffe",
      "[2001:db8:abcd:12::]",
      "2001:db8:abcd:12:1:2:3.4.5.6",
      "2001:db8:abcd:12:8::",
      "2001:db8:abcd:12::9%eth0",
    ];
    expect(new Set(spellings.map(addressThrottleKey))).toEqual(new Set(["address:2001:db8:abcd:12::/64"]));
    expect(addressThrottleKey("2001:db8:abcd:13::1")).toBe("address:2001:db8:abcd:13::/64");
    expect(addressThrottleKey("2001:db8::abcd:12:0:1")).toBe("address:2001:db8:0:0::/64");
    expect(addressThrottleKey("::1")).toBe("address:0:0:0:0::/64");
  });

  it("keys an IPv4-mapped IPv6 address as its IPv4 address, and leaves IPv4 as it is", () => {
    expect(addressThrottleKey("10.0.0.1")).toBe("address:10.0.0.1");
    expect(addressThrottleKey("::ffff:10.0.0.1")).toBe("address:10.0.0.1");
    expect(addressThrottleKey("::FFFF:0a00:0001")).toBe("address:10.0.0.1");
    expect(addressThrottleKey("0:0:0:0:0:ffff:10.0.0.1")).toBe("address:10.0.0.1");
    expect(addressThrottleKey("[::ffff:192.168.1.20]")).toBe("address:192.168.1.20");
  });
});
