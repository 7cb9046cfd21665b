CREATE TABLE `dawid_skene_fits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`project_id` text NOT NULL,
	`trigger` text NOT NULL,
	`annotation_count` integer NOT NULL,
	`items` integer NOT NULL,
	`iterations` integer NOT NULL,
	`converged` integer NOT NULL,
	`log_likelihood` real NOT NULL,
	`params` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dawid_skene_fits_project_idx` ON `dawid_skene_fits` (`project_id`,`id`);--> statement-breakpoint
CREATE TABLE `encoder_reports` (
	`project_id` text NOT NULL,
	`model_id` text NOT NULL,
	`report` text NOT NULL,
	`reported_by` text,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`project_id`, `model_id`),
	FOREIGN KEY (`project_id`) REFERENCES `projects`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reported_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
ALTER TABLE `item_resolutions` ADD `posterior` real;