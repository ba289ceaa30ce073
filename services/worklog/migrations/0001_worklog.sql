-- Read models kept from other services' events (never read from their databases).
CREATE TABLE official_ref (
  id          uuid PRIMARY KEY,
  tenant_id   text        NOT NULL,
  agency_id   uuid        NOT NULL,
  unit_id     uuid        NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE work_item_ref (
  id                uuid PRIMARY KEY,
  tenant_id         text        NOT NULL,
  code              text        NOT NULL,
  standard_minutes  integer     NOT NULL,
  updated_at        timestamptz NOT NULL DEFAULT now()
);

-- The work diary (nhật ký công việc): one row per declaration (kê khai).
CREATE TABLE work_log_entry (
  id            uuid PRIMARY KEY,
  tenant_id     text          NOT NULL,
  official_id   uuid          NOT NULL,
  agency_id     uuid          NOT NULL,
  unit_id       uuid          NOT NULL,
  work_date     date          NOT NULL,
  work_item_id  uuid          NOT NULL,
  quantity      numeric(10,2) NOT NULL CHECK (quantity > 0),
  minutes       integer       NOT NULL CHECK (minutes BETWEEN 1 AND 1440),
  note          text          NOT NULL DEFAULT '',
  request_id    uuid,
  created_by    text          NOT NULL,
  created_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX work_log_entry_official_date ON work_log_entry (tenant_id, official_id, work_date, id);
CREATE UNIQUE INDEX work_log_entry_request ON work_log_entry (tenant_id, request_id) WHERE request_id IS NOT NULL;
