CREATE TABLE "classifier_model_parts" (
	"project_id" text NOT NULL,
	"version" integer NOT NULL,
	"part" integer NOT NULL,
	"text" text NOT NULL,
	CONSTRAINT "classifier_model_parts_project_id_version_part_pk" PRIMARY KEY("project_id","version","part")
);
--> statement-breakpoint
ALTER TABLE "classifier_model_parts" ADD CONSTRAINT "classifier_model_parts_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE no action ON UPDATE no action;