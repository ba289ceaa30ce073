import { createPool, ensureDatabase, migrate, type Pool, pingDatabase } from '@thuocdo/db';
import { type ConsumerRunner, createKafka, createProducer, type Kafka, OutboxRelay, type Producer, pingKafka } from '@thuocdo/messaging';
import type { BaseConfig } from './config';
import type { ServiceBinding } from './grpc-server';
import type { Logger } from './logging';
import { createRuntime, type RunningService, serve } from './service';

export interface PostgresServiceConfig extends BaseConfig {
  DATABASE_URL: string;
  KAFKA_BROKERS: string;
}

export interface PostgresServiceDeps {
  pool: Pool;
  kafka: Kafka;
  producer: Producer;
  log: Logger;
}

export interface PostgresServiceOptions {
  config: PostgresServiceConfig;
  /** The service's forward-only SQL migrations. */
  migrationsDir: string;
  /** Proto files served through reflection, relative to proto/. */
  protoFiles: string[];
  build(deps: PostgresServiceDeps): { services: ServiceBinding[]; consumers?: ConsumerRunner[] };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Retries a start-up step while a dependency is still coming up (about 30 s). */
async function untilReady<T>(what: string, log: Logger, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (attempt >= 15) throw err;
      log.warn({ err: (err as Error).message, attempt }, `${what}: not ready, retrying`);
      await sleep(2000);
    }
  }
}

/**
 * Start-up shared by the services that own a PostgreSQL database: create the database if
 * missing, migrate, connect Kafka, start the outbox relay and consumers, serve gRPC; and the
 * reverse on SIGTERM: drain calls → stop consumers → flush the relay → close Kafka and pool.
 */
export async function startPostgresService(opts: PostgresServiceOptions): Promise<RunningService & PostgresServiceDeps> {
  const { config } = opts;
  const rt = createRuntime(config);
  const { log } = rt;
  await untilReady('database', log, () => ensureDatabase(config.DATABASE_URL));
  const pool = createPool(config.DATABASE_URL);
  const applied = await untilReady('migrations', log, () => migrate(pool, opts.migrationsDir));
  if (applied.length) log.info({ applied: applied.map((m) => `${m.scope}/${m.name}`) }, 'migrations applied');

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.OTEL_SERVICE_NAME });
  const producer = createProducer(kafka);
  await untilReady('kafka', log, () => producer.connect());
  const relay = new OutboxRelay(pool, producer, log);
  await relay.start();

  const deps = { pool, kafka, producer, log };
  const built = opts.build(deps);
  const consumers = built.consumers ?? [];
  for (const c of consumers) await c.start();

  const running = await serve(config, rt, {
    services: built.services,
    protoFiles: opts.protoFiles,
    checks: [
      { name: 'postgresql', check: pingDatabase(pool) },
      { name: 'kafka', check: pingKafka(producer) },
    ],
    afterDrain: [
      { name: 'stop consumers', run: () => Promise.all(consumers.map((c) => c.stop())) },
      { name: 'flush outbox relay', run: () => relay.stop() },
      { name: 'close kafka producer', run: () => producer.disconnect() },
      { name: 'close database pool', run: () => pool.end() },
    ],
  });
  return { ...running, ...deps };
}
