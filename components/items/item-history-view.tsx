// The item page: the item as annotators see it (its text rendered as text), then everything that
// happened to it, oldest first.
import type { ItemHistory } from "@/db/queries/item-history";
import { ItemMetadata } from "@/components/ui/item-metadata";
import { ItemEventEntry } from "./item-event-entry";

export function ItemHistoryView({ history }: { history: ItemHistory }) {
  const { item, events } = history;
  return (
    <>
      <h2>Item #{item.externalId}</h2>
      <article className="item" data-testid="history-item">
        <p className="item-id">
          id {item.id}
          {item.importBatch ? ` · imported from ${item.importBatch.fileName}${item.importBatch.line === null ? "" : `, line ${item.importBatch.line}`}` : ""}
        </p>
        <p className="item-text" data-testid="history-item-text">
          {item.text}
        </p>
        <ItemMetadata metadata={item.metadata} testId="history-item-metadata" />
      </article>
      <section className="card">
        <h2>History</h2>
        <ol className="item-history" data-testid="item-history">
          {events.map((event, i) => (
            <ItemEventEntry key={i} event={event} />
          ))}
        </ol>
      </section>
    </>
  );
}
