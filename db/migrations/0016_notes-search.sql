-- Full-text search over annotators' notes (issue 14: the browser's search covers item text and
-- notes), with the same FTS5 tokenizer as items_fts (db/migrations/0012) so both databases find
-- the same items. A table of its own rather than external content: annotations has no integer
-- primary key, and an implicit rowid may change on VACUUM. It holds a copy of each non-empty
-- note with its item; annotations are append-only, so an insert trigger keeps it in step (a
-- delete, which only tests and tools do, removes the copy too).
CREATE VIRTUAL TABLE `annotation_notes_fts` USING fts5(`note`, `item_id` UNINDEXED, `annotation_id` UNINDEXED, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `annotation_notes_fts`(`note`, `item_id`, `annotation_id`) SELECT `note`, `item_id`, `id` FROM `annotations` WHERE `note` IS NOT NULL AND `note` <> '';
--> statement-breakpoint
CREATE TRIGGER `annotation_notes_fts_insert` AFTER INSERT ON `annotations` WHEN new.`note` IS NOT NULL AND new.`note` <> '' BEGIN
  INSERT INTO `annotation_notes_fts`(`note`, `item_id`, `annotation_id`) VALUES (new.`note`, new.`item_id`, new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `annotation_notes_fts_update` AFTER UPDATE OF `note` ON `annotations` BEGIN
  DELETE FROM `annotation_notes_fts` WHERE `annotation_id` = old.`id`;
  INSERT INTO `annotation_notes_fts`(`note`, `item_id`, `annotation_id`) SELECT new.`note`, new.`item_id`, new.`id` WHERE new.`note` IS NOT NULL AND new.`note` <> '';
END;
--> statement-breakpoint
CREATE TRIGGER `annotation_notes_fts_delete` AFTER DELETE ON `annotations` WHEN old.`note` IS NOT NULL AND old.`note` <> '' BEGIN
  DELETE FROM `annotation_notes_fts` WHERE `annotation_id` = old.`id`;
END;
