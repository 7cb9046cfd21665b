-- The data browser at 1,000,000 items (docs/decisions/0011): its sort by agreement walks the
-- resolutions' (project, agreement, item) index; its filter on whether the humans agreed with a
-- suggestion starts from the annotations that answered one.
CREATE INDEX `annotations_suggestion_action_idx` ON `annotations` (`project_id`,`suggestion_action`);--> statement-breakpoint
CREATE INDEX `item_resolutions_agreement_idx` ON `item_resolutions` (`project_id`,`agreement`,`item_id`);
