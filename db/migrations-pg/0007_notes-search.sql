-- Full-text search over annotators' notes (issue 14), as items.text_search does for item text
-- (db/migrations-pg/0003): a stored generated tsvector in the 'simple' configuration with a GIN
-- index, matching SQLite's annotation_notes_fts (db/migrations/0016) word for word.
ALTER TABLE "annotations" ADD COLUMN "note_search" tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, coalesce("note", ''))) STORED;
--> statement-breakpoint
CREATE INDEX "annotations_note_search_idx" ON "annotations" USING gin ("note_search");
