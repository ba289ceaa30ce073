import { listAuditLog, postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { auditService, runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { orgEvents } from './events/publish';
import { Republisher } from './events/republish';
import { orgImportService } from './grpc/org-import-service';
import { orgService } from './grpc/org-service';
import { Importer } from './jobs/importer';
import { ImportStore } from './store/import-store';
import { OrgQueries } from './store/org-queries';
import { OrgStore } from './store/org-store';

const entry = service('org');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, DIRECTORY_MIGRATIONS, { scope: 'service', dir: assetPath('services/org/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const toOutbox = orgEvents(new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces));
      const store = new OrgStore(pool, toOutbox);
      // org authorizes by the same directory as every other service, kept from its own events.
      const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
      const imports = new ImportStore(pool);
      const importer = new Importer(store, imports, org.directory, log, { pollMs: config.ORG_IMPORT_POLL_MS });
      return {
        grpc: {
          services: [
            orgService(store, new OrgQueries(pool)),
            orgImportService(pool, imports, importer),
            auditService(entry.name, (tenant, q) => listAuditLog(pool, tenant, q)),
          ],
          protoFiles: entry.protoFiles,
          directory: org.directory,
        },
        workers: [
          ...org.workers,
          new OutboxRelay(pool, kafka.producer, log, relayOptions(config)),
          new Republisher(pool, toOutbox, log, { pollMs: config.ORG_REPUBLISH_POLL_MS }),
          importer,
        ],
      };
    },
  }),
);
