CREATE TABLE `item_final_labels` (
	`item_id` integer NOT NULL,
	`label` text NOT NULL,
	`project_id` text NOT NULL,
	PRIMARY KEY(`item_id`, `label`),
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `item_final_labels_label_idx` ON `item_final_labels` (`project_id`,`label`,`item_id`);--> statement-breakpoint
-- Kept in step with item_resolutions.labels by the triggers below, for every write of a
-- resolution: an upsert fires the insert trigger for a new row and the update trigger otherwise.
CREATE TRIGGER `item_final_labels_on_resolution_insert` AFTER INSERT ON `item_resolutions`
BEGIN
  INSERT OR IGNORE INTO `item_final_labels` (`item_id`, `label`, `project_id`)
  SELECT NEW.`item_id`, `value`, NEW.`project_id` FROM json_each(NEW.`labels`);
END;
--> statement-breakpoint
CREATE TRIGGER `item_final_labels_on_resolution_update` AFTER UPDATE OF `labels`, `project_id` ON `item_resolutions`
WHEN OLD.`labels` IS NOT NEW.`labels` OR OLD.`project_id` IS NOT NEW.`project_id`
BEGIN
  DELETE FROM `item_final_labels` WHERE `item_id` = OLD.`item_id`;
  INSERT OR IGNORE INTO `item_final_labels` (`item_id`, `label`, `project_id`)
  SELECT NEW.`item_id`, `value`, NEW.`project_id` FROM json_each(NEW.`labels`);
END;
--> statement-breakpoint
CREATE TRIGGER `item_final_labels_on_resolution_delete` AFTER DELETE ON `item_resolutions`
BEGIN
  DELETE FROM `item_final_labels` WHERE `item_id` = OLD.`item_id`;
END;
--> statement-breakpoint
-- The resolutions stored before this migration.
INSERT OR IGNORE INTO `item_final_labels` (`item_id`, `label`, `project_id`)
SELECT r.`item_id`, j.`value`, r.`project_id` FROM `item_resolutions` r, json_each(r.`labels`) j;
