-- A task's expected quantity converted to standard minutes (quantity × the standard minutes of
-- the item's revision on its start date): the converted products (quy đổi) scoring counts as
-- assigned. Worked out once, when the task is created, by the same rule the diary uses for an
-- entry's default minutes; tasks created before this column get it from their revision here.
ALTER TABLE task ADD COLUMN expected_minutes integer NOT NULL DEFAULT 0 CHECK (expected_minutes >= 0);

UPDATE task t
   SET expected_minutes = GREATEST(1, round(r.standard_minutes * t.expected_quantity))
  FROM work_item_revision_ref r
 WHERE r.work_item_id = t.work_item_id AND r.revision = t.work_item_revision;
