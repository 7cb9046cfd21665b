-- The data browser's sort by agreement walks this index (db/queries/item-browser.ts): the items with
-- an agreement in (agreement, id) order, without sorting the project's items.
CREATE INDEX `item_resolutions_agreement_idx` ON `item_resolutions` (`project_id`,`agreement`,`item_id`);
