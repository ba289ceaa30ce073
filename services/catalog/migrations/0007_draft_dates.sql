-- A draft may leave its date open: it takes effect when approved (that day, or the day after for
-- the next revision of an item in force). Published revisions always have theirs.
ALTER TABLE work_item ALTER COLUMN effective_from DROP NOT NULL;
