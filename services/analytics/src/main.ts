import { DirectorySync, directoryConsumer } from '@thuocdo/directory';
import { kafka } from '@thuocdo/messaging';
import { consumerTopics, directoryGroup, service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { factConsumer } from './events/fact-consumer';
import { analyticsService } from './grpc/analytics-service';
import { AnalyticsStore } from './store/analytics-store';
import { clickhouse } from './store/clickhouse';
import { ClickHouseDirectory } from './store/directory-store';
import { migrateClickHouse } from './store/migrate';

const entry = service('analytics');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      ch: clickhouse(config, async (ch, log) => {
        await migrateClickHouse(ch, log);
      }),
      // The producer carries dead letters only: analytics publishes no facts.
      kafka: kafka(config),
    },
    build: ({ ch, kafka, log }) => {
      const store = new AnalyticsStore(ch);
      const directoryTable = new ClickHouseDirectory(ch);
      const sync = new DirectorySync(directoryTable, log, config.DIRECTORY_POLL_MS);
      const group = directoryGroup(entry.name);
      return {
        grpc: { services: [analyticsService(store)], protoFiles: entry.protoFiles, directory: sync.directory },
        workers: [
          sync,
          directoryConsumer({
            ...kafka,
            log,
            settings: config,
            group,
            topics: consumerTopics(group),
            sync,
            store: async (records, stored) => {
              await directoryTable.store(records);
              stored();
            },
          }),
          factConsumer({
            ...kafka,
            log,
            store,
            settings: config,
            fetch: {
              maxBatchSize: config.ANALYTICS_BATCH_MAX_EVENTS,
              fetchWaitMs: config.ANALYTICS_BATCH_WAIT_MS,
              fetchMinBytes: config.ANALYTICS_BATCH_MIN_BYTES,
              partitionsConsumedConcurrently: 1,
            },
          }),
        ],
      };
    },
  }),
);
