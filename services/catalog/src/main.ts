import { listAuditLog, postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { auditService, runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { kpiEvents } from './events/kpi-events';
import { objectiveEvents } from './events/objective-events';
import { catalogEvents } from './events/publish';
import { catalogService } from './grpc/catalog-service';
import { kpiService } from './grpc/kpi-service';
import { objectiveService } from './grpc/objective-service';
import { CatalogSheets } from './sheets/catalog-sheets';
import { CatalogStore } from './store/catalog-store';
import { KpiStore } from './store/kpi-store';
import { ObjectiveStore } from './store/objective-store';

const entry = service('catalog');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, DIRECTORY_MIGRATIONS, { scope: 'service', dir: assetPath('services/catalog/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const encoder = new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces);
      const store = new CatalogStore(pool, catalogEvents(encoder));
      const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
      return {
        grpc: {
          services: [
            catalogService(store, new CatalogSheets(store)),
            kpiService(new KpiStore(pool, kpiEvents(encoder))),
            objectiveService(new ObjectiveStore(pool, objectiveEvents(encoder))),
            auditService(entry.name, (tenant, q) => listAuditLog(pool, tenant, q)),
          ],
          protoFiles: entry.protoFiles,
          directory: org.directory,
        },
        workers: [...org.workers, new OutboxRelay(pool, kafka.producer, log, relayOptions(config))],
      };
    },
  }),
);
