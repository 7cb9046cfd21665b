CREATE TABLE `project_counts` (
	`project_id` text PRIMARY KEY NOT NULL,
	`items` integer DEFAULT 0 NOT NULL,
	`open_items` integer DEFAULT 0 NOT NULL,
	`label_submissions` integer DEFAULT 0 NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `project_counts` (`project_id`, `items`, `open_items`, `label_submissions`)
SELECT p.`id`,
  (SELECT count(*) FROM `items` i WHERE i.`project_id` = p.`id`),
  (SELECT count(*) FROM `items` i WHERE i.`project_id` = p.`id` AND i.`open` = 1),
  (SELECT count(*) FROM `annotations` a WHERE a.`project_id` = p.`id` AND a.`kind` = 'label')
FROM `projects` p;
--> statement-breakpoint
CREATE TRIGGER `project_counts_on_project_insert` AFTER INSERT ON `projects` BEGIN
  INSERT INTO `project_counts` (`project_id`) VALUES (new.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `project_counts_on_item_delete` AFTER DELETE ON `items` BEGIN
  UPDATE `project_counts` SET `items` = `items` - 1, `open_items` = `open_items` - old.`open` WHERE `project_id` = old.`project_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `project_counts_on_item_open` AFTER UPDATE OF `open` ON `items` WHEN old.`open` IS NOT new.`open` BEGIN
  UPDATE `project_counts` SET `open_items` = `open_items` + new.`open` - old.`open` WHERE `project_id` = new.`project_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `project_counts_on_label_insert` AFTER INSERT ON `annotations` WHEN new.`kind` = 'label' BEGIN
  UPDATE `project_counts` SET `label_submissions` = `label_submissions` + 1 WHERE `project_id` = new.`project_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `project_counts_on_label_delete` AFTER DELETE ON `annotations` WHEN old.`kind` = 'label' BEGIN
  UPDATE `project_counts` SET `label_submissions` = `label_submissions` - 1 WHERE `project_id` = old.`project_id`;
END;
