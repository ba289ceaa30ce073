-- The organisation over time: units with their lifetimes and effective-dated names, codes and
-- parents; job positions (vị trí việc làm); effective-dated memberships (main post and
-- concurrent posts, kiêm nhiệm); effective-dated role grants over org nodes; and the search and
-- sort keys people use to find each other. Date ranges are half-open: [valid_from, valid_to),
-- valid_to NULL meaning "still in force".

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS btree_gist;
-- Only to fill the search keys of rows written before this migration.
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Search documents: lower case without diacritics, punctuation as spaces, after a leading space
-- (" nguyen van duc"), written by the service (one folding function, packages/kit text.ts) so
-- that every service folds alike; a query's words match the starts of their words.
ALTER TABLE agency ADD COLUMN search_key text NOT NULL DEFAULT '';
ALTER TABLE agency ADD COLUMN valid_from date NOT NULL DEFAULT DATE '2000-01-01';
ALTER TABLE agency ADD COLUMN valid_to date;
CREATE INDEX agency_search ON agency USING gin (search_key gin_trgm_ops);

-- A unit's lifetime and its current shape; unit_period keeps every earlier shape.
-- path: ids from the agency's top unit down to this one ("a/b/c/"), for subtree filters.
ALTER TABLE unit ADD COLUMN valid_from date NOT NULL DEFAULT DATE '2000-01-01';
ALTER TABLE unit ADD COLUMN valid_to date;
ALTER TABLE unit ADD COLUMN path text NOT NULL DEFAULT '';
ALTER TABLE unit ADD COLUMN search_key text NOT NULL DEFAULT '';
UPDATE unit SET path = id::text || '/' WHERE parent_unit_id IS NULL;
-- Existing nested units (at most a few levels in data before this migration).
WITH RECURSIVE tree AS (
  SELECT id, id::text || '/' AS path FROM unit WHERE parent_unit_id IS NULL
  UNION ALL
  SELECT u.id, t.path || u.id::text || '/' FROM unit u JOIN tree t ON u.parent_unit_id = t.id
)
UPDATE unit SET path = tree.path FROM tree WHERE unit.id = tree.id;
-- A code is unique among the units of an agency that are in force; a dissolved unit's code may be reused.
ALTER TABLE unit DROP CONSTRAINT unit_code_unique;
CREATE UNIQUE INDEX unit_code_in_force ON unit (agency_id, code) WHERE valid_to IS NULL;
CREATE INDEX unit_path ON unit (tenant_id, path text_pattern_ops);
CREATE INDEX unit_search ON unit USING gin (search_key gin_trgm_ops);

CREATE TABLE unit_period (
  unit_id         uuid NOT NULL REFERENCES unit (id),
  valid_from      date NOT NULL,
  valid_to        date,
  code            text NOT NULL,
  name            text NOT NULL,
  parent_unit_id  uuid REFERENCES unit (id),
  -- The period's code and name folded for search (as unit.search_key).
  search_key      text NOT NULL DEFAULT '',
  PRIMARY KEY (unit_id, valid_from),
  CONSTRAINT unit_period_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT unit_period_no_overlap EXCLUDE USING gist (unit_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
INSERT INTO unit_period (unit_id, valid_from, code, name, parent_unit_id)
  SELECT id, valid_from, code, name, parent_unit_id FROM unit;
CREATE INDEX unit_period_parent ON unit_period (parent_unit_id, valid_from);

-- Merges and splits: which units a unit came from (sáp nhập, chia tách).
CREATE TABLE unit_lineage (
  predecessor_id  uuid NOT NULL REFERENCES unit (id),
  successor_id    uuid NOT NULL REFERENCES unit (id),
  kind            text NOT NULL CHECK (kind IN ('MERGE', 'SPLIT')),
  effective_date  date NOT NULL,
  PRIMARY KEY (predecessor_id, successor_id)
);
CREATE INDEX unit_lineage_successor ON unit_lineage (successor_id);

-- Vị trí việc làm.
CREATE TABLE job_position (
  id          uuid PRIMARY KEY,
  tenant_id   text        NOT NULL,
  agency_id   uuid        NOT NULL REFERENCES agency (id),
  unit_id     uuid        NOT NULL REFERENCES unit (id),
  code        text        NOT NULL,
  title       text        NOT NULL,
  duties      text        NOT NULL DEFAULT '',
  category    text        NOT NULL CHECK (category IN ('LEADERSHIP', 'SPECIALIST', 'SHARED_SPECIALIST', 'SUPPORT')),
  leadership  boolean     NOT NULL,
  version     bigint      NOT NULL DEFAULT 1,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT job_position_code_unique UNIQUE (agency_id, code)
);
CREATE INDEX job_position_unit ON job_position (tenant_id, unit_id, code);

-- Officials: staff code (số hiệu / mã cán bộ), identity-provider subject, the current main post.
ALTER TABLE official ADD COLUMN staff_code text;
ALTER TABLE official ADD COLUMN idp_subject text;
ALTER TABLE official ADD COLUMN position_id uuid REFERENCES job_position (id);
ALTER TABLE official ADD COLUMN active boolean NOT NULL DEFAULT true;
ALTER TABLE official ADD COLUMN search_key text NOT NULL DEFAULT '';
-- Vietnamese lists sort by given name (the last word), then the whole name, in Vietnamese order.
ALTER TABLE official ADD COLUMN sort_name text NOT NULL DEFAULT '';
UPDATE official SET sort_name = regexp_replace(full_name, '^.*\s', '') || ' ' || full_name;
CREATE UNIQUE INDEX official_staff_code_unique ON official (tenant_id, staff_code) WHERE staff_code IS NOT NULL;
CREATE UNIQUE INDEX official_idp_subject_unique ON official (tenant_id, idp_subject) WHERE idp_subject IS NOT NULL;
DROP INDEX official_name;
CREATE INDEX official_sort ON official (tenant_id, (sort_name COLLATE "vi-VN-x-icu"), id);
CREATE INDEX official_search ON official USING gin (search_key gin_trgm_ops);
CREATE INDEX unit_sort ON unit (tenant_id, agency_id, (name COLLATE "vi-VN-x-icu"), id);

-- Memberships: one main post at a time, any number of concurrent posts; ended, never rewritten.
CREATE TABLE membership (
  id           uuid PRIMARY KEY,
  tenant_id    text        NOT NULL,
  official_id  uuid        NOT NULL REFERENCES official (id),
  agency_id    uuid        NOT NULL REFERENCES agency (id),
  unit_id      uuid        NOT NULL REFERENCES unit (id),
  position_id  uuid        REFERENCES job_position (id),
  kind         text        NOT NULL CHECK (kind IN ('MAIN', 'CONCURRENT')),
  valid_from   date        NOT NULL,
  valid_to     date,
  end_reason   text        CHECK (end_reason IN ('TRANSFER', 'PROMOTION', 'LEAVE', 'RETIREMENT', 'REORGANISATION', 'OTHER')),
  version      bigint      NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT membership_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT membership_one_main EXCLUDE USING gist (official_id WITH =, daterange(valid_from, valid_to) WITH &&) WHERE (kind = 'MAIN'),
  CONSTRAINT membership_one_per_post EXCLUDE USING gist (official_id WITH =, unit_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
CREATE INDEX membership_official ON membership (official_id, valid_from);
CREATE INDEX membership_unit ON membership USING gist (unit_id, daterange(valid_from, valid_to));
-- Officials created before memberships existed hold their unit from the day they were created.
INSERT INTO membership (id, tenant_id, official_id, agency_id, unit_id, kind, valid_from, created_at)
  SELECT gen_random_uuid(), tenant_id, id, agency_id, unit_id, 'MAIN', (created_at AT TIME ZONE 'Asia/Ho_Chi_Minh')::date, created_at
    FROM official;

-- Role grants: a role over an org node (the tenant, an agency or a unit and its subtree), dated.
-- The grantee is an official, or an integrator's client (service account).
CREATE TABLE role_grant (
  id            uuid PRIMARY KEY,
  tenant_id     text        NOT NULL,
  official_id   uuid        REFERENCES official (id),
  client_id     text,
  role          text        NOT NULL,
  node_kind     text        NOT NULL CHECK (node_kind IN ('TENANT', 'AGENCY', 'UNIT')),
  node_id       text        NOT NULL,
  valid_from    date        NOT NULL,
  valid_to      date,
  version       bigint      NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT role_grant_grantee CHECK ((official_id IS NULL) <> (client_id IS NULL)),
  CONSTRAINT role_grant_range CHECK (valid_to IS NULL OR valid_to > valid_from),
  CONSTRAINT role_grant_no_overlap EXCLUDE USING gist (
    tenant_id WITH =, coalesce(official_id::text, client_id) WITH =, role WITH =, node_id WITH =, daterange(valid_from, valid_to) WITH &&)
);
UPDATE agency SET search_key = ' ' || trim(regexp_replace(lower(unaccent(code || ' ' || name)), '[^a-z0-9]+', ' ', 'g'));
UPDATE unit SET search_key = ' ' || trim(regexp_replace(lower(unaccent(code || ' ' || name)), '[^a-z0-9]+', ' ', 'g'));
UPDATE unit_period SET search_key = ' ' || trim(regexp_replace(lower(unaccent(code || ' ' || name)), '[^a-z0-9]+', ' ', 'g'));
UPDATE official SET search_key = ' ' || trim(regexp_replace(lower(unaccent(full_name || ' ' || coalesce(email, ''))), '[^a-z0-9]+', ' ', 'g'));

CREATE INDEX role_grant_official ON role_grant (official_id) WHERE official_id IS NOT NULL;
CREATE INDEX role_grant_node ON role_grant (tenant_id, node_id);
