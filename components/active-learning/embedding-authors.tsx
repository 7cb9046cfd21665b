"use client";
// For leads, under the encoder: who embedded the project's items, whose posts failed a
// cross-check (and against whose vectors), and a button to discard everything one user embedded
// so that other browsers embed those items again. Names come from users: rendered as text only.
import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import type { CrossCheckView, EmbeddingAuthorView } from "@/lib/active-learning/server/model-views";
import { useDiscardEmbeddings } from "./use-model-api";
import { formatDateTime } from "@/lib/format-date";

function failureText(author: EmbeddingAuthorView): string {
  if (author.failedPosts === 0) return "none";
  const cosine = author.lowestCosine === null ? "" : `, lowest cosine ${author.lowestCosine.toFixed(3)}`;
  const against = author.failedAgainst.length === 0 ? "" : `, against vectors by ${author.failedAgainst.join(", ")}`;
  const last = author.lastFailedAt ? `, last ${formatDateTime(author.lastFailedAt)}` : "";
  return `${author.failedPosts} post(s) refused${cosine}${against}${last}`;
}

export function EmbeddingAuthors({ slug, modelId, crossChecks }: { slug: string; modelId: string; crossChecks: CrossCheckView }) {
  const [confirming, setConfirming] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const discard = useDiscardEmbeddings(slug);
  const confirm = (author: EmbeddingAuthorView & { userId: string }) =>
    discard.mutate(
      { modelId, userId: author.userId },
      {
        onSuccess: (result) => setDone(`Discarded ${result.discarded} embedding(s) by ${author.name}; other browsers will embed those items again.`),
        onSettled: () => setConfirming(null),
      },
    );
  return (
    <div className="embedding-authors" data-testid="embedding-authors">
      <h3>Embeddings by author</h3>
      <p className="muted">
        Each new batch a browser claims carries up to {crossChecks.perBatch} items someone else already embedded. If the vectors it posts for them
        disagree with the stored ones (cosine below {crossChecks.minCosine}), nothing of that post is stored. If several people fail against the
        same author, suspect that author&apos;s vectors instead.
      </p>
      {done && (
        <p className="muted" role="status" data-testid="discard-result">
          {done}
        </p>
      )}
      {discard.error && <p className="error">{discard.error instanceof ApiError ? discard.error.message : "The embeddings could not be discarded."}</p>}
      {crossChecks.authors.length === 0 ? (
        <p className="muted">No item is embedded yet.</p>
      ) : (
        <table className="compact">
          <thead>
            <tr>
              <th>Author</th>
              <th>Embeddings</th>
              <th>Failed cross-checks</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {crossChecks.authors.map((author) => {
              const { userId } = author;
              return (
                <tr key={userId ?? "cli"} data-testid="embedding-author">
                  <td>{author.name}</td>
                  <td>{author.embeddings}</td>
                  <td className={author.failedPosts > 0 ? "error small" : undefined}>{failureText(author)}</td>
                  <td>
                    {userId !== null && author.embeddings > 0 && confirming !== userId && (
                      <button type="button" onClick={() => setConfirming(userId)} disabled={discard.isPending} data-testid="discard-embeddings">
                        Discard…
                      </button>
                    )}
                    {userId !== null && confirming === userId && (
                      <>
                        <button type="button" onClick={() => confirm({ ...author, userId })} disabled={discard.isPending} data-testid="discard-embeddings-confirm">
                          {discard.isPending ? "Discarding…" : `Discard ${author.embeddings} embedding(s) by ${author.name}`}
                        </button>{" "}
                        <button type="button" className="link" onClick={() => setConfirming(null)} disabled={discard.isPending}>
                          Cancel
                        </button>
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
