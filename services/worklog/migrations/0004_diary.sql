-- The diary as a product: entries measured by the catalog revision in force on their date,
-- reviewed by managers, checked against the working calendar, the tenant's rules and closed
-- months; a day's total kept per official so that limits hold under concurrent writers.

-- Every published revision of a work item, as the catalog's events carry them: an entry is
-- measured by the revision in force on its date ([effective_from, effective_to)).
CREATE TABLE work_item_revision_ref (
  work_item_id     uuid        NOT NULL,
  revision         integer     NOT NULL,
  tenant_id        text        NOT NULL,
  code             text        NOT NULL,
  name             text        NOT NULL,
  product_unit     text        NOT NULL DEFAULT '',
  standard_minutes integer     NOT NULL,
  -- Coefficient ranges in hundredths: minutes may range over standard × min … standard × max.
  difficulty_min   integer     NOT NULL DEFAULT 100,
  difficulty_max   integer     NOT NULL DEFAULT 100,
  urgency_min      integer     NOT NULL DEFAULT 100,
  urgency_max      integer     NOT NULL DEFAULT 100,
  effective_from   date        NOT NULL,
  effective_to     date,
  -- The catalog event's aggregate version it was last written from (older events never overwrite).
  event_version    bigint      NOT NULL DEFAULT 0,
  updated_at       timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (work_item_id, revision)
);
CREATE INDEX work_item_revision_ref_tenant ON work_item_revision_ref (tenant_id, work_item_id);

-- Items known before revisions were kept: in force from long ago until the catalog publishes again.
INSERT INTO work_item_revision_ref (work_item_id, revision, tenant_id, code, name, standard_minutes, effective_from, event_version)
SELECT id, 0, tenant_id, code, code, standard_minutes, DATE '2000-01-01', version FROM work_item_ref;
DROP TABLE work_item_ref;

ALTER TABLE work_log_entry
  ADD COLUMN work_item_revision integer     NOT NULL DEFAULT 0,
  ADD COLUMN task_id            uuid,
  ADD COLUMN evidence           text        NOT NULL DEFAULT '',
  ADD COLUMN status             text        NOT NULL DEFAULT 'LOGGED'
    CHECK (status IN ('LOGGED', 'AWAITING_LATE_APPROVAL', 'APPROVED', 'RETURNED', 'DELETED')),
  ADD COLUMN start_time         time,
  ADD COLUMN end_time           time,
  ADD COLUMN reviewed_by        text,
  ADD COLUMN reviewed_at        timestamptz,
  ADD COLUMN review_comment     text        NOT NULL DEFAULT '',
  ADD COLUMN updated_at         timestamptz NOT NULL DEFAULT now(),
  ADD CONSTRAINT work_log_entry_times CHECK ((start_time IS NULL) = (end_time IS NULL) AND (start_time IS NULL OR start_time < end_time));
-- A unit's month (the review inbox, missed declarations, reports) and a task's entries.
CREATE INDEX work_log_entry_unit_date ON work_log_entry (tenant_id, unit_id, work_date);
CREATE INDEX work_log_entry_task ON work_log_entry (task_id) WHERE task_id IS NOT NULL;

-- An official's day: the total of the entries that count (every status but DELETED). Writers
-- add to it in the statement that writes the entry; the check makes a total above the tenant's
-- hard limit fail even when two writers pass it together (the limit travels with each write).
CREATE TABLE diary_day (
  tenant_id      text    NOT NULL,
  official_id    uuid    NOT NULL,
  work_date      date    NOT NULL,
  total_minutes  integer NOT NULL,
  entry_count    integer NOT NULL,
  limit_minutes  integer NOT NULL,
  PRIMARY KEY (tenant_id, official_id, work_date),
  CONSTRAINT diary_day_total_within_limit CHECK (total_minutes <= limit_minutes AND total_minutes >= 0 AND entry_count >= 0)
);
INSERT INTO diary_day (tenant_id, official_id, work_date, total_minutes, entry_count, limit_minutes)
SELECT tenant_id, official_id, work_date, sum(minutes), count(*), greatest(960, sum(minutes))
  FROM work_log_entry GROUP BY tenant_id, official_id, work_date;

-- The diary's rules of a tenant; a tenant without a row has the defaults.
CREATE TABLE diary_settings (
  tenant_id                text        PRIMARY KEY,
  standard_day_minutes     integer     NOT NULL,
  hard_limit_minutes       integer     NOT NULL,
  late_after_working_days  integer     NOT NULL,
  reminder_time            text        NOT NULL,
  self_assigned_tasks      boolean     NOT NULL,
  version                  bigint      NOT NULL,
  updated_by               text        NOT NULL,
  updated_at               timestamptz NOT NULL
);

-- Months whose diary is closed (first day of the month): nothing dated in them changes.
CREATE TABLE diary_closed_month (
  tenant_id  text        NOT NULL,
  month      date        NOT NULL,
  closed_by  text        NOT NULL,
  closed_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, month)
);

-- A year's working calendar as HR edited it: the exceptions to Monday-to-Friday. A year never
-- edited uses the calendar shipped with the platform (domain/working-calendar.ts).
CREATE TABLE working_calendar (
  tenant_id   text        NOT NULL,
  year        integer     NOT NULL,
  days        jsonb       NOT NULL,
  version     bigint      NOT NULL,
  updated_by  text        NOT NULL,
  updated_at  timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, year)
);

-- Reminder runs, one per tenant and working day, so a restart never reminds twice.
CREATE TABLE diary_reminder_run (
  tenant_id  text        NOT NULL,
  run_date   date        NOT NULL,
  reminded   integer     NOT NULL,
  ran_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, run_date)
);
