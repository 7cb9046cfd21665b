"use client";
// "Why is item X where it is?": a lookup by the id annotators see, answered with the item's place,
// score, strategy, exploration or diversity pick, and boosts.
import Link from "next/link";
import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { useItemExplanation } from "./use-model-api";
import { submitKeepingInput } from "@/components/ui/submit-keeping-input";

const fixed = (value: number | null) => (value === null ? "–" : value.toFixed(3));

export function ItemExplanationLookup({ slug }: { slug: string }) {
  const [itemRef, setItemRef] = useState<string | null>(null);
  const lookup = useItemExplanation(slug, itemRef);
  const explanation = lookup.data?.explanation;
  const error = lookup.error instanceof ApiError ? lookup.error.message : lookup.error ? "The lookup failed." : null;
  return (
    <div className="item-explanation">
      <h3>Why is an item where it is?</h3>
      <form
        className="form inline"
        onSubmit={submitKeepingInput((form) => {
          const ref = String(form.get("itemRef") ?? "").trim().replace(/^#/, "");
          setItemRef(ref === "" ? null : ref);
        })}
      >
        <input name="itemRef" aria-label="Item id" placeholder="item id, e.g. item-12" data-testid="explain-item-ref" />
        <button type="submit">Explain</button>
      </form>
      {error && <p className="error">{error}</p>}
      {explanation && (
        <div data-testid="item-explanation">
          <p>{explanation.summary}</p>
          <table className="compact">
            <tbody>
              <tr><th>Item</th><td>
                  <Link href={`/projects/${slug}/items/${explanation.itemId}`} data-testid="item-explanation-history">
                    #{explanation.externalId} (id {explanation.itemId})
                  </Link>
                </td></tr>
              <tr><th>Queue place</th><td>{explanation.position === null ? "not in the queue" : `${explanation.position} of ${explanation.openItems}`}</td></tr>
              <tr><th>Classifier version</th><td>{explanation.version ?? "none yet"}</td></tr>
              <tr><th>Strategy</th><td>{explanation.strategy ?? "import order"}</td></tr>
              <tr><th>Score</th><td data-testid="item-explanation-score">{fixed(explanation.score)}</td></tr>
              <tr><th>Uncertainty</th><td>{fixed(explanation.uncertainty)}</td></tr>
              <tr><th>Exploration</th><td>{explanation.exploration ? "yes: placed by a random draw" : "no"}</td></tr>
              <tr><th>Diversity pick</th><td>{explanation.diversityPick ?? "no"}</td></tr>
              <tr><th>Boosts</th><td>{explanation.boosts ? `rare label ${fixed(explanation.boosts.rareClass)}, model/LLM disagreement ${fixed(explanation.boosts.llmDisagreement)}` : "–"}</td></tr>
              <tr><th>Prediction</th><td>{explanation.predicted ? `${explanation.predicted.join(", ") || "no label"} (confidence ${fixed(explanation.confidence)})` : "no model yet"}</td></tr>
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
