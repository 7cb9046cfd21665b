-- PostgreSQL's equivalents of the SQLite triggers of db/migrations/0005_progress-counts.sql, which
-- keep project_counts (db/schema-definition.ts) in step with every write. Same rules, one per row:
--   a new project gets its counts row (all zero);
--   deleting an item takes it off items, and off open_items when it was open;
--   opening or closing an item moves open_items (only when open really changes);
--   inserting or deleting a label annotation (kind 'label', not a retraction) moves label_submissions.
-- Inserting items has no trigger, on either database: db/queries/items.ts adds its count per
-- import, where a trigger per row was too slow. Booleans are PostgreSQL booleans here, so the
-- SQLite arithmetic on 0/1 becomes a cast to integer.
-- The later SQLite migrations that rewrite data (0004's rank copy, 0006's re-recorded methods and
-- actions, 0010's instance_flags move) have nothing to do on PostgreSQL: its history starts at
-- today's schema (0000_foundation), so no row written by an older Goldset exists there.
-- Backfill, as 0005 does (a no-op on a new database; kept so the two histories say the same).
INSERT INTO "project_counts" ("project_id", "items", "open_items", "label_submissions")
SELECT p."id",
  (SELECT count(*) FROM "items" i WHERE i."project_id" = p."id"),
  (SELECT count(*) FROM "items" i WHERE i."project_id" = p."id" AND i."open"),
  (SELECT count(*) FROM "annotations" a WHERE a."project_id" = p."id" AND a."kind" = 'label')
FROM "projects" p
ON CONFLICT ("project_id") DO NOTHING;
--> statement-breakpoint
CREATE FUNCTION "project_counts_on_project_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "project_counts" ("project_id") VALUES (NEW."id");
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "project_counts_on_project_insert" AFTER INSERT ON "projects"
FOR EACH ROW EXECUTE FUNCTION "project_counts_on_project_insert"();
--> statement-breakpoint
CREATE FUNCTION "project_counts_on_item_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "project_counts" SET "items" = "items" - 1, "open_items" = "open_items" - OLD."open"::integer
  WHERE "project_id" = OLD."project_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "project_counts_on_item_delete" AFTER DELETE ON "items"
FOR EACH ROW EXECUTE FUNCTION "project_counts_on_item_delete"();
--> statement-breakpoint
CREATE FUNCTION "project_counts_on_item_open"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "project_counts" SET "open_items" = "open_items" + NEW."open"::integer - OLD."open"::integer
  WHERE "project_id" = NEW."project_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "project_counts_on_item_open" AFTER UPDATE OF "open" ON "items"
FOR EACH ROW WHEN (OLD."open" IS DISTINCT FROM NEW."open") EXECUTE FUNCTION "project_counts_on_item_open"();
--> statement-breakpoint
CREATE FUNCTION "project_counts_on_label_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "project_counts" SET "label_submissions" = "label_submissions" + 1 WHERE "project_id" = NEW."project_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "project_counts_on_label_insert" AFTER INSERT ON "annotations"
FOR EACH ROW WHEN (NEW."kind" = 'label') EXECUTE FUNCTION "project_counts_on_label_insert"();
--> statement-breakpoint
CREATE FUNCTION "project_counts_on_label_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "project_counts" SET "label_submissions" = "label_submissions" - 1 WHERE "project_id" = OLD."project_id";
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER "project_counts_on_label_delete" AFTER DELETE ON "annotations"
FOR EACH ROW WHEN (OLD."kind" = 'label') EXECUTE FUNCTION "project_counts_on_label_delete"();
