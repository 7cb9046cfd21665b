/**
 * The lead's table of embedding authors: embeddings per author merged with posts refused by a
 * failed cross-check, suspects first.
 */
import "server-only";
import type { CrossCheckFailures, EmbeddingAuthor } from "@/db/queries/embedding-authors";
import type { EmbeddingAuthorView } from "./model-views";

export const CLI_AUTHOR_NAME = "goldset score (on the server)";
const UNKNOWN_NAME = "a deleted user";

const nameOf = (userId: string | null, name: string | null) => (userId === null ? CLI_AUTHOR_NAME : (name ?? UNKNOWN_NAME));

function failureFields(failed: CrossCheckFailures | undefined): Pick<EmbeddingAuthorView, "failedPosts" | "lastFailedAt" | "lowestCosine" | "failedAgainst"> {
  return {
    failedPosts: failed?.failures ?? 0,
    lastFailedAt: failed?.lastAt.toISOString() ?? null,
    lowestCosine: failed?.lowestCosine ?? null,
    failedAgainst: failed?.against.map((a) => nameOf(a.userId, a.name)) ?? [],
  };
}

export function embeddingAuthorViews(authors: readonly EmbeddingAuthor[], failures: readonly CrossCheckFailures[]): EmbeddingAuthorView[] {
  const failuresByUser = new Map(failures.map((f) => [f.userId, f]));
  const views: EmbeddingAuthorView[] = authors.map((author) => ({
    userId: author.userId,
    name: nameOf(author.userId, author.name),
    embeddings: author.embeddings,
    ...failureFields(author.userId === null ? undefined : failuresByUser.get(author.userId)),
  }));
  const listed = new Set(authors.map((a) => a.userId));
  for (const failed of failures.filter((f) => !listed.has(f.userId))) {
    views.push({ userId: failed.userId, name: nameOf(failed.userId, failed.name), embeddings: 0, ...failureFields(failed) });
  }
  return views.sort((a, b) => b.failedPosts - a.failedPosts || b.embeddings - a.embeddings);
}
