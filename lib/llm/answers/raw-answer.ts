/**
 * The model's own words in a stored chat-completions response body: the first choice's message
 * content. A body without one (not JSON, no choices) is shown whole, so a lead still sees what came
 * back.
 */
export function rawAnswerOf(body: string | null): string {
  if (body === null) return "";
  try {
    const parsed = JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] };
    const content = parsed.choices?.[0]?.message?.content;
    if (typeof content === "string") return content;
  } catch {
    // Not JSON: the body itself is the answer to show.
  }
  return body;
}
