-- An item resolved by one vote was stored as "unanimous" with agreement 1; it is now "single",
-- with no agreement figure (one vote agrees with no one). A vote is a current label annotation
-- that names a label; in multi-label projects an empty selection is a vote ("none apply") unless
-- it is marked not sure. Frozen export snapshots keep their records as they were written.
UPDATE `item_resolutions` SET `method` = 'single', `agreement` = NULL
WHERE `method` = 'unanimous' AND (
  SELECT count(*) FROM `annotations` a
  INNER JOIN `projects` p ON p.`id` = a.`project_id`
  WHERE a.`item_id` = `item_resolutions`.`item_id`
    AND a.`kind` = 'label'
    AND NOT EXISTS (SELECT 1 FROM `annotations` b WHERE b.`supersedes_id` = a.`id`)
    AND CASE WHEN p.`task_type` = 'multi_label' THEN NOT (a.`not_sure` = 1 AND a.`labels` = '[]') ELSE a.`labels` <> '[]' END
) = 1;--> statement-breakpoint
-- "Not sure" with no label was recorded as rejecting the suggestion on screen; it neither takes
-- nor refuses it. Such rows are re-recorded as "not sure", as new submissions now are.
UPDATE `annotations` SET `suggestion_action` = 'not_sure'
WHERE `suggestion_action` = 'rejected' AND `not_sure` = 1 AND `labels` = '[]';
