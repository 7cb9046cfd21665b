import { describe, expect, it } from "vitest";
import { formatDateTime, isoDateTime } from "./format-date";

describe("formatDateTime", () => {
  it("prints ISO order in UTC to the minute, whatever the input's form", () => {
    // 2026-12-07T14:03:27.512Z is 1796652207512 ms after the epoch.
    const at = Date.UTC(2026, 11, 7, 14, 3, 27, 512);
    expect(at).toBe(1796652207512);
    expect(formatDateTime(new Date(at))).toBe("2026-12-07 14:03 UTC");
    expect(formatDateTime(at)).toBe("2026-12-07 14:03 UTC");
    expect(formatDateTime("2026-12-07T15:03:27.512+01:00")).toBe("2026-12-07 14:03 UTC");
  });

  it("truncates rather than rounds, so a moment never prints as the next minute", () => {
    expect(formatDateTime("2026-12-31T23:59:59.999Z")).toBe("2026-12-31 23:59 UTC");
  });

  it("prints seconds when asked", () => {
    expect(formatDateTime("2026-01-02T03:04:05.678Z", { seconds: true })).toBe("2026-01-02 03:04:05 UTC");
  });

  it("refuses what is not a date instead of printing Invalid Date", () => {
    expect(() => formatDateTime("yesterday")).toThrow("Not a date: yesterday");
  });

  it("gives the full ISO string for machines", () => {
    expect(isoDateTime(Date.UTC(2026, 0, 2, 3, 4, 5, 6))).toBe("2026-01-02T03:04:05.006Z");
  });
});
