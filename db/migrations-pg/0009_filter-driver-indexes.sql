-- The data browser lists the items of its "not sure" and "resolved by" filters from these when
-- they are few, so a search matching every item combined with them reads those items, not the
-- whole project (docs/decisions/0011).
CREATE INDEX "item_resolutions_not_sure_idx" ON "item_resolutions" USING btree ("project_id","not_sure");--> statement-breakpoint
CREATE INDEX "item_resolutions_method_idx" ON "item_resolutions" USING btree ("project_id","method");