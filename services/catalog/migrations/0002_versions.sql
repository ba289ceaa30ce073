-- Every aggregate carries its version (1 when created, +1 per change), published as aggregate_version.
ALTER TABLE work_item ADD COLUMN version bigint NOT NULL DEFAULT 1;
