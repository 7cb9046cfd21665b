import { describe, expect, it } from "vitest";
import { CLI_AUTHOR_NAME, embeddingAuthorViews } from "./embedding-author-views";

const at = new Date("2026-01-01T10:00:00Z");

describe("embeddingAuthorViews", () => {
  it("merges counts with failed cross-checks, lists users who only failed, and puts suspects first", () => {
    const views = embeddingAuthorViews(
      [
        { userId: "u1", name: "Ann", embeddings: 40 },
        { userId: null, name: null, embeddings: 100 },
        { userId: "u2", name: "Bob", embeddings: 3 },
      ],
      [
        { userId: "u2", name: "Bob", failures: 1, lastAt: at, lowestCosine: 0.4, against: [{ userId: null, name: null }] },
        { userId: "u3", name: "Eve", failures: 5, lastAt: at, lowestCosine: -0.9, against: [{ userId: "u1", name: "Ann" }, { userId: "gone", name: null }] },
      ],
    );
    expect(views.map((v) => [v.name, v.embeddings, v.failedPosts])).toEqual([
      ["Eve", 0, 5],
      ["Bob", 3, 1],
      [CLI_AUTHOR_NAME, 100, 0],
      ["Ann", 40, 0],
    ]);
    expect(views[0]).toMatchObject({ userId: "u3", lastFailedAt: at.toISOString(), lowestCosine: -0.9, failedAgainst: ["Ann", "a deleted user"] });
    expect(views[1]!.failedAgainst).toEqual([CLI_AUTHOR_NAME]);
    expect(views[2]).toMatchObject({ userId: null, lastFailedAt: null, lowestCosine: null, failedAgainst: [] });
  });
});
