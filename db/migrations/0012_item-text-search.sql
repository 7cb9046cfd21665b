-- Full-text search over item text with SQLite's own engine (FTS5), for the data browser.
-- External content: the index stores no second copy of the text, only tokens pointing at
-- items.id (the rowid), so triggers keep it in step with every insert, text change and delete.
-- unicode61 keeping diacritics: case-insensitive words, neither stemmed nor unaccented, as
-- PostgreSQL's 'simple' configuration in db/migrations-pg/0003 matches them, so a search finds
-- the same items on both databases.
CREATE VIRTUAL TABLE `items_fts` USING fts5(`text`, content=`items`, content_rowid=`id`, tokenize='unicode61 remove_diacritics 0');
--> statement-breakpoint
INSERT INTO `items_fts`(`items_fts`) VALUES ('rebuild');
--> statement-breakpoint
CREATE TRIGGER `items_fts_insert` AFTER INSERT ON `items` BEGIN
  INSERT INTO `items_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;
--> statement-breakpoint
CREATE TRIGGER `items_fts_delete` AFTER DELETE ON `items` BEGIN
  INSERT INTO `items_fts`(`items_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
END;
--> statement-breakpoint
-- Only a change of the text touches the index: the queue's frequent updates of open, labelled_by
-- and the ranks do not.
CREATE TRIGGER `items_fts_update` AFTER UPDATE OF `text` ON `items` BEGIN
  INSERT INTO `items_fts`(`items_fts`, `rowid`, `text`) VALUES ('delete', old.`id`, old.`text`);
  INSERT INTO `items_fts`(`rowid`, `text`) VALUES (new.`id`, new.`text`);
END;

--> statement-breakpoint
-- The browser's batch filter (db/schema-definition.ts, items_import_batch_idx).
CREATE INDEX `items_import_batch_idx` ON `items` (`import_batch_id`);
