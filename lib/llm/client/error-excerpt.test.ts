import { describe, expect, it } from "vitest";
import { ERROR_EXCERPT_CHARS, errorBodyExcerpt } from "./error-excerpt";

describe("errorBodyExcerpt", () => {
  it("keeps a short error as it is", () => {
    expect(errorBodyExcerpt('{"error":{"message":"model not found"}}', [])).toBe('{"error":{"message":"model not found"}}');
  });

  it("redacts the key it was given and anything that names or looks like a credential", () => {
    const body = 'key sk-test-9f8e7d6c5b4a39281706 {"api_key": "internal-db-pass", "password":"hunter2"} token=abc123 hf_abcdefghijkl';
    expect(errorBodyExcerpt(body, ["sk-test-9f8e7d6c5b4a39281706"])).toBe(
      'key [redacted] {"api_key": [redacted], "password":[redacted]} token=[redacted] [redacted]',
    );
  });

  it("puts the body on one line and cuts it short, saying how long it was", () => {
    const page = `<html>\n<body>\r\n${"internal ".repeat(100)}</body></html>`;
    const excerpt = errorBodyExcerpt(page, []);
    expect(excerpt).not.toMatch(/[\r\n]/);
    expect(excerpt.startsWith("<html> <body> internal internal")).toBe(true);
    expect(excerpt.endsWith("… (928 characters)")).toBe(true);
    expect(excerpt.length).toBe(ERROR_EXCERPT_CHARS + "… (928 characters)".length);
    expect(errorBodyExcerpt(" \n ", [])).toBe("(empty body)");
  });
});
