-- Span labelling (issue 15): entity-type labels, spans on annotations, suggestions (with the quotes an
-- answer could not place), adjudications and resolutions. Offsets are Unicode code points, end exclusive.
ALTER TABLE "adjudications" ADD COLUMN "spans" json;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "spans" json;--> statement-breakpoint
ALTER TABLE "annotations" ADD COLUMN "span_outcomes" json;--> statement-breakpoint
ALTER TABLE "item_resolutions" ADD COLUMN "spans" json;--> statement-breakpoint
ALTER TABLE "labels" ADD COLUMN "kind" text DEFAULT 'item' NOT NULL;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "spans" json;--> statement-breakpoint
ALTER TABLE "suggestions" ADD COLUMN "unplaced_quotes" json;