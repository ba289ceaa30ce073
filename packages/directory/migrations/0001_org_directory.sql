-- The org directory (packages/directory): the latest version of every agency, unit, official,
-- membership and role grant org has published, kept by this service from org's events, so that
-- it authorizes calls without asking org. seq orders the changes, so that every replica of the
-- service picks up what another replica's consumer applied (woken by NOTIFY org_directory).
CREATE SEQUENCE org_directory_seq;
CREATE TABLE org_directory (
  kind       text    NOT NULL,
  id         text    NOT NULL,
  tenant_id  text    NOT NULL,
  version    bigint  NOT NULL,
  removed    boolean NOT NULL,
  record     jsonb   NOT NULL,
  seq        bigint  NOT NULL DEFAULT nextval('org_directory_seq'),
  PRIMARY KEY (kind, id)
);
CREATE UNIQUE INDEX org_directory_by_seq ON org_directory (seq);

CREATE FUNCTION org_directory_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('org_directory', '');
  RETURN NULL;
END $$;
CREATE TRIGGER org_directory_notify AFTER INSERT OR UPDATE ON org_directory
  FOR EACH STATEMENT EXECUTE FUNCTION org_directory_notify();
