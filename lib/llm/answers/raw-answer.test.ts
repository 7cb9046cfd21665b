import { describe, expect, it } from "vitest";
import { rawAnswerOf } from "./raw-answer";

describe("rawAnswerOf", () => {
  it("takes the first choice's message content from a chat completion", () => {
    const body = JSON.stringify({ choices: [{ message: { role: "assistant", content: '{"labels": ["ham"' } }], usage: { total_tokens: 9 } });
    expect(rawAnswerOf(body)).toBe('{"labels": ["ham"');
  });

  it("shows a body without message content whole", () => {
    expect(rawAnswerOf("<html>Bad gateway</html>")).toBe("<html>Bad gateway</html>");
    expect(rawAnswerOf('{"choices":[]}')).toBe('{"choices":[]}');
    expect(rawAnswerOf(null)).toBe("");
  });
});
