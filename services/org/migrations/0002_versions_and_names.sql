-- Every aggregate carries its version (1 when created, +1 per change): events carry it as
-- aggregate_version, so consumers keep the newest state whatever the delivery order.
ALTER TABLE agency ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE unit ADD COLUMN version bigint NOT NULL DEFAULT 1;
ALTER TABLE official ADD COLUMN version bigint NOT NULL DEFAULT 1;

-- Kinds and categories by name rather than by the API's enum numbers.
ALTER TABLE agency ALTER COLUMN kind TYPE text USING (CASE kind
  WHEN 1 THEN 'DEPARTMENT' WHEN 2 THEN 'COMMUNE' WHEN 3 THEN 'PUBLIC_SERVICE_UNIT' ELSE 'OTHER' END);
ALTER TABLE agency ADD CONSTRAINT agency_kind_known CHECK (kind IN ('DEPARTMENT', 'COMMUNE', 'PUBLIC_SERVICE_UNIT', 'OTHER'));
ALTER TABLE official ALTER COLUMN category TYPE text USING (CASE category
  WHEN 1 THEN 'CADRE' WHEN 2 THEN 'CIVIL_SERVANT' WHEN 3 THEN 'PUBLIC_EMPLOYEE' ELSE 'CONTRACT_WORKER' END);
ALTER TABLE official ADD CONSTRAINT official_category_known
  CHECK (category IN ('CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'CONTRACT_WORKER'));

-- Keyset pagination: officials by name, units by agency and code (agencies by code use agency_code_unique).
CREATE INDEX official_name ON official (tenant_id, full_name, id);
CREATE INDEX unit_agency_code ON unit (tenant_id, agency_id, code);
