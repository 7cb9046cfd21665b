CREATE TABLE "item_final_labels" (
	"item_id" integer NOT NULL,
	"label" text NOT NULL,
	"project_id" text NOT NULL,
	CONSTRAINT "item_final_labels_item_id_label_pk" PRIMARY KEY("item_id","label")
);
--> statement-breakpoint
ALTER TABLE "item_final_labels" ADD CONSTRAINT "item_final_labels_item_id_items_id_fk" FOREIGN KEY ("item_id") REFERENCES "public"."items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "item_final_labels" ADD CONSTRAINT "item_final_labels_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "item_final_labels_label_idx" ON "item_final_labels" USING btree ("project_id","label","item_id");--> statement-breakpoint
-- PostgreSQL's equivalents of the SQLite triggers of db/migrations/0019_item-final-labels.sql,
-- which keep item_final_labels in step with item_resolutions.labels. labels is json (not jsonb),
-- which has no equality: the text is compared.
CREATE FUNCTION "item_final_labels_on_resolution_write"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "item_final_labels" WHERE "item_id" = OLD."item_id";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "item_final_labels" ("item_id", "label", "project_id")
    SELECT NEW."item_id", l."value", NEW."project_id" FROM json_array_elements_text(NEW."labels") AS l("value")
    ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "item_final_labels_on_resolution_insert" AFTER INSERT ON "item_resolutions"
FOR EACH ROW EXECUTE FUNCTION "item_final_labels_on_resolution_write"();
--> statement-breakpoint
CREATE TRIGGER "item_final_labels_on_resolution_update" AFTER UPDATE OF "labels", "project_id" ON "item_resolutions"
FOR EACH ROW WHEN (OLD."labels"::text IS DISTINCT FROM NEW."labels"::text OR OLD."project_id" IS DISTINCT FROM NEW."project_id")
EXECUTE FUNCTION "item_final_labels_on_resolution_write"();
--> statement-breakpoint
CREATE TRIGGER "item_final_labels_on_resolution_delete" AFTER DELETE ON "item_resolutions"
FOR EACH ROW EXECUTE FUNCTION "item_final_labels_on_resolution_write"();
--> statement-breakpoint
-- The resolutions stored before this migration.
INSERT INTO "item_final_labels" ("item_id", "label", "project_id")
SELECT r."item_id", l."value", r."project_id" FROM "item_resolutions" r, json_array_elements_text(r."labels") AS l("value")
ON CONFLICT DO NOTHING;
