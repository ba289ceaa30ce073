-- NOTIFY is optional per connection: a service opens its connections with
-- thuocdo.outbox_notify=off and wakes its relay in-process (packages/db pool.ts). PostgreSQL
-- takes a cluster-wide lock for every committing transaction that notifies and holds it until
-- the commit is flushed to the WAL, so notifying writers commit one flush at a time; at a few
-- thousand writes a second most of a write's time went waiting for that lock. Connections
-- that say nothing (psql, tools, tests) still wake the relays by NOTIFY.
CREATE OR REPLACE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF coalesce(current_setting('thuocdo.outbox_notify', true), '') <> 'off' THEN
    PERFORM pg_notify('outbox', '');
  END IF;
  RETURN NULL;
END $$;
