-- Rule packs a tenant built from the same parts as those shipped: every version kept (a result
-- names the pack and version it was made by), the pack itself as the engine reads it.
CREATE TABLE custom_pack (
  tenant_id  text        NOT NULL,
  code       text        NOT NULL,
  version    integer     NOT NULL CHECK (version > 0),
  pack       jsonb       NOT NULL,
  saved_by   text        NOT NULL,
  saved_at   timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, code, version)
);
