import { describe, expect, it } from "vitest";
import { toFlag, toScore, toTimestamp, utf8ByteLength } from "@/lib/import/field-values";

describe("toTimestamp", () => {
  it.each([
    ["2024-05-01T12:30:00Z", "2024-05-01T12:30:00.000Z"],
    ["2024-05-01 12:30Z", "2024-05-01T12:30:00.000Z"],
    ["2024-05-01T14:30:00+02:00", "2024-05-01T12:30:00.000Z"],
    ["2024-05-01T07:00:00-0530", "2024-05-01T12:30:00.000Z"],
    ["2021-03-09T22:16:08.728353Z", "2021-03-09T22:16:08.728Z"],
    ["2024-02-29", "2024-02-29T00:00:00.000Z"],
  ])("reads %j as UTC", (text, iso) => {
    expect(toTimestamp(text)).toEqual({ ok: true, value: iso });
  });

  it("refuses a date-time without a time zone rather than guess one", () => {
    expect(toTimestamp("2024-05-01T12:30:00")).toEqual({
      ok: false,
      detail: 'has no time zone: "2024-05-01T12:30:00"; add "Z" for UTC or an offset such as "+02:00"',
    });
  });

  it.each(["2023-02-29", "2024-13-01", "2024-05-01T24:00:00Z", "yesterday", "01/05/2024"])("refuses %j", (text) => {
    expect(toTimestamp(text).ok).toBe(false);
  });

  it("refuses numbers, since epoch seconds and milliseconds look alike", () => {
    expect(toTimestamp(1714566600)).toMatchObject({ ok: false });
  });
});

describe("toFlag", () => {
  it.each([
    [true, true],
    ["TRUE", true],
    ["1", true],
    ["yes", true],
    [1, true],
    [false, false],
    ["false", false],
    ["0", false],
    ["", false],
    [undefined, false],
  ])("reads %j", (value, flag) => {
    expect(toFlag(value)).toEqual({ ok: true, value: flag });
  });

  it("refuses anything else", () => {
    expect(toFlag("maybe")).toEqual({ ok: false, detail: 'must be true or false (or 1/0, yes/no), got "maybe"' });
  });
});

describe("toScore", () => {
  it("reads numbers and decimal text from 0 to 1", () => {
    expect(toScore(0.75)).toEqual({ ok: true, value: 0.75 });
    expect(toScore(" 1 ")).toEqual({ ok: true, value: 1 });
    expect(toScore("5e-1")).toEqual({ ok: true, value: 0.5 });
  });

  it("refuses scores outside 0–1 and text that is not a number", () => {
    expect(toScore(1.5)).toEqual({ ok: false, detail: "must be a number from 0 to 1, got 1.5" });
    expect(toScore("-0.1")).toEqual({ ok: false, detail: "must be a number from 0 to 1, got -0.1" });
    expect(toScore("0.9x")).toEqual({ ok: false, detail: 'must be a number from 0 to 1, got "0.9x"' });
    expect(toScore("NaN").ok).toBe(false);
  });
});

describe("utf8ByteLength", () => {
  it("agrees with TextEncoder on one- to four-byte characters and lone surrogates", () => {
    for (const text of ["", "abc", "é", "€", "😀", "a😀b€é", "\ud800", "x\udc00y"]) {
      expect(utf8ByteLength(text), JSON.stringify(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});
