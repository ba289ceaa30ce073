-- Entries carry their version (1 when written, +1 per change), published as aggregate_version.
ALTER TABLE work_log_entry ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Read models keep the version of the event they were last built from, and ignore older ones
-- (events of one aggregate may arrive out of order when several relays publish).
ALTER TABLE official_ref ADD COLUMN version bigint NOT NULL DEFAULT 0;
ALTER TABLE work_item_ref ADD COLUMN version bigint NOT NULL DEFAULT 0;
