import { COUNT_CAP } from "@/lib/browse/item-view";

/** "12 items match", or, past the cap the count stops at, says that it stopped and why. */
export function MatchCountText({ count }: { count: { n: number; more: boolean } }) {
  return (
    <span data-testid="match-count">
      {count.more
        ? `More than ${COUNT_CAP.toLocaleString("en")} items match (counting stops there, so the page stays fast).`
        : `${count.n.toLocaleString("en")} ${count.n === 1 ? "item matches" : "items match"}.`}
    </span>
  );
}
