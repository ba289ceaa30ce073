-- The rule pack a tenant chose for a year and a category of official (Khánh Hòa's Quy định 1636
-- for its civil servants, say). Without a choice, the newest shipped pack in force that year for
-- the category applies.
CREATE TABLE pack_choice (
  tenant_id     text        NOT NULL,
  year          integer     NOT NULL,
  category      text        NOT NULL,
  pack_code     text        NOT NULL,
  pack_version  integer     NOT NULL,
  chosen_by     text        NOT NULL,
  chosen_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, year, category)
);
