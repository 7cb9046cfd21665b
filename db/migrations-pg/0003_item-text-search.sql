-- Full-text search over item text with PostgreSQL's own engine, for the data browser. A stored
-- generated tsvector column (computed once per insert or text change, so a filter that scans
-- items in id order need not re-parse the text of each row) with a GIN index for the search
-- itself. The 'simple' configuration lowercases words and does not stem them, as SQLite's FTS5
-- unicode61 tokenizer (db/migrations/0012) does, so a search finds the same items on both.
-- Queried through textMatches in db/dialect/sql.ts.
ALTER TABLE "items" ADD COLUMN "text_search" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, "text")) STORED;
--> statement-breakpoint
CREATE INDEX "items_text_search_idx" ON "items" USING gin ("text_search");

--> statement-breakpoint
-- The browser's batch filter (db/schema-definition.ts, items_import_batch_idx).
CREATE INDEX "items_import_batch_idx" ON "items" USING btree ("import_batch_id");
