-- A revision may end the day it begins: an item published by mistake is withdrawn before it is
-- ever in force ([effective_from, effective_to) empty).
ALTER TABLE work_item_revision DROP CONSTRAINT work_item_revision_check;
ALTER TABLE work_item_revision ADD CONSTRAINT work_item_revision_dates CHECK (effective_to IS NULL OR effective_to >= effective_from);
