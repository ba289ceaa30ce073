-- Scoring keeps its own copies of the facts it scores, from the other services' events: the
-- work of officials (worklog) and who they are (org). Each row holds the newest version of its
-- record (event_version); an older or repeated event never overwrites it, so replays are
-- harmless and the order of delivery does not matter.

-- Tasks (giao việc) as worklog publishes them: what scoring needs of each.
CREATE TABLE task_fact (
  id                  uuid        PRIMARY KEY,
  tenant_id           text        NOT NULL,
  lead_assignee_id    uuid        NOT NULL,
  status              text        NOT NULL,
  due_date            date        NOT NULL,
  -- Converted products assigned, in standard minutes.
  assigned_minutes    integer     NOT NULL,
  quality             text,
  failed_assessments  integer     NOT NULL DEFAULT 0,
  timeliness          text,
  days_late           integer     NOT NULL DEFAULT 0,
  objective_cause     boolean     NOT NULL DEFAULT false,
  event_version       bigint      NOT NULL,
  updated_at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX task_fact_lead_due ON task_fact (tenant_id, lead_assignee_id, due_date);

-- Diary entries (nhật ký công việc).
CREATE TABLE diary_fact (
  id             uuid        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  official_id    uuid        NOT NULL,
  work_date      date        NOT NULL,
  work_item_id   uuid        NOT NULL,
  minutes        integer     NOT NULL,
  status         text        NOT NULL,
  task_id        uuid,
  event_version  bigint      NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX diary_fact_official_date ON diary_fact (tenant_id, official_id, work_date);

-- Officials' categories (cán bộ, công chức, viên chức…): the pack that applies.
CREATE TABLE official_ref (
  id             uuid        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  category       text        NOT NULL,
  removed        boolean     NOT NULL DEFAULT false,
  event_version  bigint      NOT NULL
);

-- Job positions: whether a post leads (lãnh đạo, quản lý) and its group of similar duties (the quota's groups).
CREATE TABLE job_position_ref (
  id             uuid        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  agency_id      uuid        NOT NULL,
  category       text        NOT NULL,
  leadership     boolean     NOT NULL,
  removed        boolean     NOT NULL DEFAULT false,
  event_version  bigint      NOT NULL
);

-- Posts over time, with their job position.
CREATE TABLE membership_ref (
  id             uuid        PRIMARY KEY,
  tenant_id      text        NOT NULL,
  official_id    uuid        NOT NULL,
  agency_id      uuid        NOT NULL,
  unit_id        uuid        NOT NULL,
  position_id    uuid,
  kind           text        NOT NULL,
  valid_from     date        NOT NULL,
  valid_to       date,
  removed        boolean     NOT NULL DEFAULT false,
  event_version  bigint      NOT NULL
);
CREATE INDEX membership_ref_official ON membership_ref (official_id);
CREATE INDEX membership_ref_unit ON membership_ref (unit_id);
