-- instance_flags rows move into site_settings under the same key, so a demo database keeps its
-- banner. The "demo" flag ("1" when set) becomes the JSON boolean the site settings reader expects;
-- any other flag keeps its text as a JSON string. A key already in site_settings wins.
INSERT INTO `site_settings` (`key`, `value`, `updated_by`, `updated_at`)
SELECT `name`,
	CASE WHEN `name` = 'demo' THEN CASE WHEN `value` = '1' THEN 'true' ELSE 'false' END ELSE json_quote(`value`) END,
	NULL,
	`updated_at`
FROM `instance_flags` WHERE true
ON CONFLICT (`key`) DO NOTHING;
--> statement-breakpoint
DROP TABLE `instance_flags`;
