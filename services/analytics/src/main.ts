import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createRuntime, serve } from '@thuocdo/kit';
import { createKafka, createProducer, pingKafka } from '@thuocdo/messaging';
import { readConfig } from './config';
import { factConsumer } from './events/fact-consumer';
import { analyticsService } from './grpc/analytics-service';
import { AnalyticsStore } from './store/analytics-store';
import { openClickHouse } from './store/clickhouse';
import { migrateClickHouse } from './store/migrate';

async function main() {
  const config = readConfig();
  const rt = createRuntime(config);
  if (!config.CLICKHOUSE_URL) mkdirSync(config.CHDB_PATH, { recursive: true });
  const ch = openClickHouse({ url: config.CLICKHOUSE_URL, dataDir: config.CHDB_PATH });
  const applied = await migrateClickHouse(ch, path.resolve(__dirname, '../migrations'));
  if (applied.length) rt.log.info({ applied }, 'clickhouse migrations applied');
  const store = new AnalyticsStore(ch);

  const kafka = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.OTEL_SERVICE_NAME });
  const producer = createProducer(kafka); // dead letters only
  await producer.connect();
  const consumer = factConsumer({ kafka, producer, log: rt.log, store });
  await consumer.start();

  await serve(config, rt, {
    services: [analyticsService(store)],
    protoFiles: ['thuocdo/analytics/v1/analytics.proto'],
    checks: [
      { name: 'clickhouse', check: () => store.ping() },
      { name: 'kafka', check: pingKafka(producer) },
    ],
    afterDrain: [
      { name: 'stop consumers', run: () => consumer.stop() },
      { name: 'close kafka producer', run: () => producer.disconnect() },
      { name: 'close clickhouse', run: () => ch.close() },
    ],
  });
}

main().catch((err) => {
  process.stderr.write(`analytics: start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
