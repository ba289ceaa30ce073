CREATE TABLE agency (
  id          uuid PRIMARY KEY,
  tenant_id   text        NOT NULL,
  code        text        NOT NULL,
  name        text        NOT NULL,
  kind        smallint    NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT agency_code_unique UNIQUE (tenant_id, code)
);

CREATE TABLE unit (
  id              uuid PRIMARY KEY,
  tenant_id       text        NOT NULL,
  agency_id       uuid        NOT NULL REFERENCES agency (id),
  parent_unit_id  uuid        REFERENCES unit (id),
  code            text        NOT NULL,
  name            text        NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT unit_code_unique UNIQUE (agency_id, code)
);
CREATE INDEX unit_agency ON unit (tenant_id, agency_id);

CREATE TABLE official (
  id          uuid PRIMARY KEY,
  tenant_id   text        NOT NULL,
  agency_id   uuid        NOT NULL REFERENCES agency (id),
  unit_id     uuid        NOT NULL REFERENCES unit (id),
  full_name   text        NOT NULL,
  email       text,
  category    smallint    NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX official_email_unique ON official (tenant_id, lower(email)) WHERE email IS NOT NULL;
CREATE INDEX official_unit ON official (tenant_id, agency_id, unit_id);
