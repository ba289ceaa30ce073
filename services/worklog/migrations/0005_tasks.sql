-- Tasks (giao việc): what a manager, an official for themselves, or a document system asks to
-- be done, by whom and by when, and how it went; and every step of each task's workflow.

CREATE TABLE task (
  id                            uuid          PRIMARY KEY,
  tenant_id                     text          NOT NULL,
  -- The agency and unit of the lead assignee's post on the start date: who reads the task.
  agency_id                     uuid          NOT NULL,
  unit_id                       uuid          NOT NULL,
  title                         text          NOT NULL,
  description                   text          NOT NULL DEFAULT '',
  source                        text          NOT NULL CHECK (source IN ('PLANNED', 'ARISING', 'OTHER_ASSIGNED')),
  -- The catalog item the work is measured by, and its revision in force on the start date.
  work_item_id                  uuid          NOT NULL,
  work_item_revision            integer       NOT NULL,
  expected_quantity             numeric(10,2) NOT NULL CHECK (expected_quantity > 0),
  -- Not checked against the catalog: worklog keeps no read model of key results.
  key_result_id                 uuid,
  lead_assignee_id              uuid          NOT NULL,
  supporting_assignee_ids       uuid[]        NOT NULL DEFAULT '{}',
  start_date                    date          NOT NULL,
  -- The due date in force (moved by granted extensions), and the one assigned.
  due_date                      date          NOT NULL,
  original_due_date             date          NOT NULL,
  priority                      text          NOT NULL CHECK (priority IN ('LOW', 'NORMAL', 'HIGH', 'URGENT')),
  status                        text          NOT NULL
    CHECK (status IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'APPROVED', 'RETURNED', 'CANCELLED')),
  -- Subject of who assigned it (a person, or a document system's service account).
  assigned_by                   text          NOT NULL,
  -- The document system it came from and its id there (the E-Office idempotency key).
  source_system                 text,
  external_id                   text,
  -- The product last handed in: null until the first submission.
  product_document_number       text,
  product_link                  text,
  product_file_ref              text,
  product_note                  text,
  submitted_date                date,
  quality                       text          CHECK (quality IN ('MEETS_REQUIREMENTS', 'BELOW_REQUIREMENTS')),
  failed_assessments            integer       NOT NULL DEFAULT 0 CHECK (failed_assessments >= 0),
  timeliness                    text          CHECK (timeliness IN ('ON_TIME', 'LATE')),
  days_late                     integer       NOT NULL DEFAULT 0 CHECK (days_late >= 0),
  -- The latest request for a later due date: null while none was made.
  extension_requested_due_date  date,
  extension_reason              text,
  extension_status              text          CHECK (extension_status IN ('PENDING', 'GRANTED', 'REFUSED')),
  extension_requested_by        text,
  extension_requested_at        timestamptz,
  extension_decided_by          text,
  extension_decided_at          timestamptz,
  extension_comment             text,
  -- A confirmed objective cause (nguyên nhân khách quan): null while none was.
  objective_cause_reason        text,
  objective_cause_confirmed_by  text,
  objective_cause_confirmed_at  timestamptz,
  -- Why it was last returned or cancelled.
  reason                        text          NOT NULL DEFAULT '',
  version                       bigint        NOT NULL,
  created_at                    timestamptz   NOT NULL,
  updated_at                    timestamptz   NOT NULL,
  CONSTRAINT task_dates CHECK (due_date >= start_date AND original_due_date >= start_date),
  CONSTRAINT task_source_system CHECK ((source_system IS NULL) = (external_id IS NULL)),
  CONSTRAINT task_extension CHECK ((extension_status IS NULL) = (extension_requested_due_date IS NULL))
);

-- A document system sending the same task again finds the one it created.
CREATE UNIQUE INDEX task_external ON task (tenant_id, source_system, external_id) WHERE source_system IS NOT NULL;
-- "My tasks" by due date: as the lead, and as a supporting assignee (the array's GIN index answers @>).
CREATE INDEX task_lead_due ON task (tenant_id, lead_assignee_id, due_date, id);
CREATE INDEX task_supporting ON task USING gin (supporting_assignee_ids);
-- A unit's tasks, and everything a caller reaches, by due date.
CREATE INDEX task_unit_due ON task (tenant_id, unit_id, due_date, id);
CREATE INDEX task_due ON task (tenant_id, due_date, id);
-- An official's open tasks, which the diary offers to log work against.
CREATE INDEX task_lead_open ON task (tenant_id, lead_assignee_id)
  WHERE status IN ('ASSIGNED', 'IN_PROGRESS', 'SUBMITTED', 'RETURNED');

-- A task's history: one row per step, seq being the task's version after the step (1: created).
CREATE TABLE task_step (
  task_id      uuid        NOT NULL REFERENCES task (id),
  seq          integer     NOT NULL,
  step         text        NOT NULL,
  -- Null for the step that created it.
  from_status  text,
  to_status    text        NOT NULL,
  -- Subject of who took the step.
  by           text        NOT NULL,
  at           timestamptz NOT NULL,
  comment      text        NOT NULL DEFAULT '',
  PRIMARY KEY (task_id, seq)
);
