import { describe, expect, it } from "vitest";
import { parseAnswer } from "./parse-answer";

const labels = ["spam", "ham", "phishing"];

describe("parseAnswer", () => {
  it("accepts a valid single-label answer", () => {
    expect(parseAnswer('{"rationale":"Prize bait.","labels":["spam"],"confidence":0.9}', labels, "single")).toEqual({
      status: "ok",
      labels: ["spam"],
      confidence: 0.9,
      rationale: "Prize bait.",
    });
  });

  it("tolerates a ```json fence and surrounding whitespace", () => {
    const fenced = '\n```json\n{"rationale":"","labels":["ham"],"confidence":1}\n```\n';
    expect(parseAnswer(fenced, labels, "single")).toMatchObject({ status: "ok", labels: ["ham"] });
    expect(parseAnswer('```\n{"rationale":"","labels":["ham"],"confidence":1}```', labels, "single")).toMatchObject({ status: "ok" });
  });

  it("reports malformed JSON as parse_error, quoting the start of the text", () => {
    const result = parseAnswer('{"labels": ["spam", ', labels, "single");
    expect(result.status).toBe("parse_error");
    expect(result).toMatchObject({ error: expect.stringContaining('{"labels": ["spam",') });
    expect(parseAnswer("   ", labels, "single")).toEqual({ status: "parse_error", error: "The answer is empty" });
  });

  it("matches labels exactly after trimming, and names an unknown one with a near match", () => {
    expect(parseAnswer('{"rationale":"","labels":[" spam "],"confidence":0.5}', labels, "single")).toMatchObject({
      status: "ok",
      labels: ["spam"],
    });
    expect(parseAnswer('{"rationale":"","labels":["Spam"],"confidence":0.5}', labels, "single")).toEqual({
      status: "unknown_label",
      error: 'Label "Spam" is not in the label set ["spam","ham","phishing"] (did you mean "spam"?)',
    });
    expect(parseAnswer('{"rationale":"","labels":["eggs"],"confidence":0.5}', labels, "multi")).toMatchObject({
      status: "unknown_label",
      error: expect.stringMatching(/^Label "eggs" is not in the label set/),
    });
  });

  it("needs exactly one label in single-label mode, any number in multi-label mode", () => {
    expect(parseAnswer('{"rationale":"","labels":["spam","phishing"],"confidence":0.5}', labels, "single")).toMatchObject({
      status: "schema_error",
    });
    expect(parseAnswer('{"rationale":"","labels":[],"confidence":0.5}', labels, "single")).toMatchObject({ status: "schema_error" });
    expect(parseAnswer('{"rationale":"","labels":["spam","phishing","spam"],"confidence":0.5}', labels, "multi")).toMatchObject({
      status: "ok",
      labels: ["spam", "phishing"],
    });
    expect(parseAnswer('{"rationale":"","labels":[],"confidence":0.5}', labels, "multi")).toMatchObject({ status: "ok", labels: [] });
  });

  it("rejects answers of the wrong shape as schema_error", () => {
    const shapes = [
      '["spam"]',
      '"spam"',
      '{"rationale":"","label":"spam","confidence":0.5}',
      '{"rationale":"","labels":[1],"confidence":0.5}',
      '{"rationale":"","labels":["spam"],"confidence":1.5}',
      '{"rationale":"","labels":["spam"],"confidence":"high"}',
      '{"labels":["spam"],"confidence":0.5}',
    ];
    for (const shape of shapes) expect(parseAnswer(shape, labels, "single").status, shape).toBe("schema_error");
  });
});
