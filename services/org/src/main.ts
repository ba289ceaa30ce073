import path from 'node:path';
import { startPostgresService } from '@thuocdo/kit';
import { readConfig } from './config';
import { orgService } from './grpc/org-service';
import { OrgStore } from './store/org-store';

void startPostgresService({
  config: readConfig(),
  migrationsDir: path.resolve(__dirname, '../migrations'),
  protoFiles: ['thuocdo/org/v1/org.proto'],
  build: ({ pool }) => ({ services: [orgService(new OrgStore(pool))] }),
}).catch((err) => {
  process.stderr.write(`org: start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
