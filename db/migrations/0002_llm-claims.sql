CREATE TABLE `prelabel_claims` (
	`prompt_version_id` integer NOT NULL,
	`item_id` integer NOT NULL,
	`run_id` integer NOT NULL,
	`claimed_at` integer NOT NULL,
	PRIMARY KEY(`prompt_version_id`, `item_id`),
	FOREIGN KEY (`prompt_version_id`) REFERENCES `prompt_versions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`item_id`) REFERENCES `items`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`run_id`) REFERENCES `prelabel_runs`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `prelabel_claims_run_idx` ON `prelabel_claims` (`run_id`);