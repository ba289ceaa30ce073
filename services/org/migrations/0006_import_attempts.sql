-- How many times a worker has taken an import's current stage: a stage that keeps failing (a
-- file that crashes the reader, a database error) ends the import as INVALID after a few
-- attempts instead of being retried forever.
ALTER TABLE import_job ADD COLUMN attempts integer NOT NULL DEFAULT 0;
