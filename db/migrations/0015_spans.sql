-- Span labelling (issue 15): entity-type labels, spans on annotations, suggestions (with the quotes an
-- answer could not place), adjudications and resolutions. Offsets are Unicode code points, end exclusive.
ALTER TABLE `adjudications` ADD `spans` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `spans` text;--> statement-breakpoint
ALTER TABLE `annotations` ADD `span_outcomes` text;--> statement-breakpoint
ALTER TABLE `item_resolutions` ADD `spans` text;--> statement-breakpoint
ALTER TABLE `labels` ADD `kind` text DEFAULT 'item' NOT NULL;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `spans` text;--> statement-breakpoint
ALTER TABLE `suggestions` ADD `unplaced_quotes` text;