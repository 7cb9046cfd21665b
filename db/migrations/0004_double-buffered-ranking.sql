ALTER TABLE `items` RENAME COLUMN "queue_rank" TO "queue_rank_0";--> statement-breakpoint
DROP INDEX `items_queue_idx`;--> statement-breakpoint
ALTER TABLE `items` ADD `queue_rank_1` real DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `items_queue_0_idx` ON `items` (`project_id`,`open`,`queue_rank_0`,`id`);--> statement-breakpoint
CREATE INDEX `items_queue_1_idx` ON `items` (`project_id`,`open`,`queue_rank_1`,`id`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_item_scores` (
	`item_id` integer NOT NULL,
	`project_id` text NOT NULL,
	`classifier_version` integer NOT NULL,
	`predicted` text NOT NULL,
	`confidence` real NOT NULL,
	`score` real NOT NULL,
	`reason` text NOT NULL,
	PRIMARY KEY(`item_id`, `classifier_version`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_item_scores`("item_id", "project_id", "classifier_version", "predicted", "confidence", "score", "reason") SELECT "item_id", "project_id", "classifier_version", "predicted", "confidence", "score", "reason" FROM `item_scores`;--> statement-breakpoint
DROP TABLE `item_scores`;--> statement-breakpoint
ALTER TABLE `__new_item_scores` RENAME TO `item_scores`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `item_scores_version_idx` ON `item_scores` (`project_id`,`classifier_version`,`item_id`);--> statement-breakpoint
ALTER TABLE `projects` ADD `queue_slot` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `projects` ADD `classifier_version` integer;--> statement-breakpoint
ALTER TABLE `projects` ADD `pending_classifier_version` integer;--> statement-breakpoint
-- Existing ranks stay live in slot 0 (the renamed column); slot 1 starts as a copy, so both
-- columns agree until the next retrain writes slot 1.
UPDATE `items` SET `queue_rank_1` = `queue_rank_0`;--> statement-breakpoint
-- Every item_scores row was written by the project's latest version (the old write replaced them
-- all), so that version is the live one.
UPDATE `projects` SET `classifier_version` = (SELECT max(`version`) FROM `classifier_versions` WHERE `classifier_versions`.`project_id` = `projects`.`id`);
