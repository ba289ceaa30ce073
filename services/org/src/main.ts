import { postgres } from '@thuocdo/db';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { orgEvents } from './events/publish';
import { orgService } from './grpc/org-service';
import { OrgQueries } from './store/org-queries';
import { OrgStore } from './store/org-store';

const entry = service('org');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, { scope: 'service', dir: assetPath('services/org/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const store = new OrgStore(pool, orgEvents(new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces)));
      return {
        grpc: { services: [orgService(store, new OrgQueries(pool))], protoFiles: entry.protoFiles },
        workers: [new OutboxRelay(pool, kafka.producer, log, relayOptions(config))],
      };
    },
  }),
);
