import { listAuditLog, postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { auditService, runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { worklogEvents } from './events/publish';
import { referenceConsumer } from './events/reference-consumer';
import { worklogService } from './grpc/worklog-service';
import { ReferenceCache } from './store/reference-cache';
import { WorklogStore } from './store/worklog-store';

const entry = service('worklog');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, DIRECTORY_MIGRATIONS, { scope: 'service', dir: assetPath('services/worklog/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const cache = new ReferenceCache(config.WORKLOG_REFERENCE_CACHE_TTL_MS, config.WORKLOG_REFERENCE_CACHE_SIZE);
      const store = new WorklogStore(pool, worklogEvents(new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces)), cache);
      const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
      return {
        grpc: {
          services: [
            worklogService(store, { maxBackdateDays: config.WORKLOG_MAX_BACKDATE_DAYS }),
            auditService(entry.name, (tenant, q) => listAuditLog(pool, tenant, q)),
          ],
          protoFiles: entry.protoFiles,
          directory: org.directory,
        },
        workers: [
          ...org.workers,
          new OutboxRelay(pool, kafka.producer, log, relayOptions(config)),
          referenceConsumer({ ...kafka, pool, log, store, settings: config }),
        ],
      };
    },
  }),
);
