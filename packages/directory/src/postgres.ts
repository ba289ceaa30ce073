import { Listener, type Pool, type PoolClient, withTransaction } from '@thuocdo/db';
import { assetPath, type DirectoryRecord, type DirectoryView, int, type Logger, type MigrationSet, type Worker } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, type Kafka, type Producer } from '@thuocdo/messaging';
import { consumerTopics, directoryGroup } from '@thuocdo/registry';
import { directoryRecordOf, newestOf } from './records';
import { type DirectorySource, DirectorySync } from './sync';

/** The directory's table, applied to the database of every service that keeps one. */
export const DIRECTORY_MIGRATIONS: MigrationSet = { scope: 'directory', dir: assetPath('packages/directory/migrations') };

/** Stores records unless the stored version is as new; each stored change gets the next seq. */
export async function storeDirectoryRecords(client: PoolClient, list: DirectoryRecord[]): Promise<void> {
  const rows = newestOf(list);
  if (!rows.length) return;
  await client.query(
    `INSERT INTO org_directory (kind, id, tenant_id, version, removed, record)
     SELECT r.kind, r.id, r.tenant_id, r.version, r.removed, r.record
       FROM jsonb_to_recordset($1::jsonb) AS r(kind text, id text, tenant_id text, version bigint, removed boolean, record jsonb)
     ON CONFLICT (kind, id) DO UPDATE SET version = EXCLUDED.version, removed = EXCLUDED.removed, record = EXCLUDED.record,
       tenant_id = EXCLUDED.tenant_id, seq = nextval('org_directory_seq')
     WHERE org_directory.version < EXCLUDED.version`,
    [
      JSON.stringify(
        rows.map((r) => ({ kind: r.kind, id: r.id, tenant_id: r.value.tenantId, version: r.version, removed: r.removed, record: r.value })),
      ),
    ],
  );
}

/** The directory table of a service's PostgreSQL database, and its notifications. */
export function postgresDirectorySource(pool: Pool, log: Logger): DirectorySource<number> {
  return {
    start: 0,
    async changesSince(cursor, limit) {
      const { rows } = await pool.query(
        'SELECT kind, id, version, removed, record, seq FROM org_directory WHERE seq > $1 ORDER BY seq LIMIT $2',
        [cursor, limit],
      );
      return {
        records: rows.map((r) => ({ kind: r.kind, id: r.id, version: r.version, removed: r.removed, value: r.record })),
        cursor: rows.length ? rows[rows.length - 1].seq : cursor,
        more: rows.length === limit,
      };
    },
    watch: (onChange) => new Listener(pool, 'org_directory', onChange, log),
  };
}

/**
 * The consumer group that keeps a service's directory from org's events: each batch stored
 * (newer versions only, so a redelivered or older event changes nothing) and applied to this
 * replica's memory; `store` calls `stored` just before it commits, so that memory is never
 * behind the store.
 */
export function directoryConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  log: Logger;
  settings: ConsumerConfig;
  group: string;
  topics: string[];
  store: (records: DirectoryRecord[], stored: () => void) => Promise<void>;
  sync: DirectorySync<unknown>;
}): ConsumerRunner {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    settings: deps.settings,
    groupId: deps.group,
    topics: deps.topics,
    fetch: { maxBatchSize: 5000 },
    handleBatch: async (events) => {
      const list = events.map((e) => directoryRecordOf(e.envelope)).filter((r): r is DirectoryRecord => r !== undefined);
      await deps.store(list, () => deps.sync.apply(list));
    },
  });
}

/** How often a replica looks for directory changes when no notification comes. */
export const directoryConfigShape = {
  DIRECTORY_POLL_MS: int(5000, 100, 600_000),
};

/**
 * A service's directory on its PostgreSQL database: the in-memory copy (loaded before the
 * service serves) and the consumer group that keeps the table from org's events.
 */
export function postgresDirectory(o: {
  /** The service's name: its consumer group is `<service>.directory` (packages/registry). */
  service: string;
  pool: Pool;
  kafka: Kafka;
  producer: Producer;
  log: Logger;
  settings: ConsumerConfig & { DIRECTORY_POLL_MS: number };
}): { directory: DirectoryView; workers: Worker[] } {
  const sync = new DirectorySync(postgresDirectorySource(o.pool, o.log), o.log, o.settings.DIRECTORY_POLL_MS);
  const group = directoryGroup(o.service);
  const store = (list: DirectoryRecord[], stored: () => void) =>
    withTransaction(o.pool, async (client) => {
      await storeDirectoryRecords(client, list);
      stored();
    });
  return { directory: sync.directory, workers: [sync, directoryConsumer({ ...o, group, topics: consumerTopics(group), store, sync })] };
}
