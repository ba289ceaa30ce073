import { postgres } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { catalogEvents } from './events/publish';
import { catalogService } from './grpc/catalog-service';
import { CatalogStore } from './store/catalog-store';

const entry = service('catalog');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, { scope: 'service', dir: assetPath('services/catalog/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const store = new CatalogStore(pool, catalogEvents(new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces)));
      return {
        grpc: { services: [catalogService(store)], protoFiles: entry.protoFiles },
        workers: [new OutboxRelay(pool, kafka.producer, log, relayOptions(config))],
      };
    },
  }),
);
