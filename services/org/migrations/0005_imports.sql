-- Imports of an agency's org chart and staff from spreadsheets (OrgImportService). A job is
-- checked in the background (VALIDATING → INVALID or READY), confirmed by a person, then checked
-- again and written in one transaction (APPLYING → DONE, or INVALID when the organisation changed
-- in between). Replicas share the work by lease: a job whose lease lapsed (its replica died) is
-- taken over and its stage run again; a stage writes nothing until it commits.
CREATE TABLE import_job (
  id              uuid PRIMARY KEY,
  tenant_id       text        NOT NULL,
  agency_id       uuid        NOT NULL REFERENCES agency (id),
  status          text        NOT NULL CHECK (status IN ('VALIDATING', 'INVALID', 'READY', 'APPLYING', 'DONE')),
  effective_date  date        NOT NULL,
  file_names      text[]      NOT NULL,
  rows_total      integer     NOT NULL DEFAULT 0,
  rows_done       integer     NOT NULL DEFAULT 0,
  -- What the import will do (READY) or did (DONE): counts by kind of change.
  summary         jsonb       NOT NULL DEFAULT '{}',
  issue_count     integer     NOT NULL DEFAULT 0,
  -- The callers (principal as verified, with its client), so that the worker acts in their scope and audits in their name.
  created_by      jsonb       NOT NULL,
  confirmed_by    jsonb,
  create_time     timestamptz NOT NULL DEFAULT now(),
  update_time     timestamptz NOT NULL DEFAULT now(),
  leased_until    timestamptz
);
CREATE INDEX import_job_agency ON import_job (tenant_id, agency_id, create_time DESC, id DESC);
CREATE INDEX import_job_pending ON import_job (update_time) WHERE status IN ('VALIDATING', 'APPLYING');

-- The uploaded files, kept until the job is written or found invalid.
CREATE TABLE import_file (
  job_id   uuid    NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  seq      integer NOT NULL,
  name     text    NOT NULL,
  content  bytea   NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- Problems found in a job's files, in sheet and row order (seq).
CREATE TABLE import_issue (
  job_id      uuid    NOT NULL REFERENCES import_job (id) ON DELETE CASCADE,
  seq         integer NOT NULL,
  sheet       text    NOT NULL,
  row_number  integer NOT NULL,
  column_name text    NOT NULL,
  message_vi  text    NOT NULL,
  message_en  text    NOT NULL,
  PRIMARY KEY (job_id, seq)
);

-- Export reads an agency's staff in their main posts in force.
CREATE INDEX membership_agency_main ON membership (agency_id) WHERE kind = 'MAIN' AND valid_to IS NULL;
