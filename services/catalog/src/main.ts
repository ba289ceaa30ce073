import path from 'node:path';
import { startPostgresService } from '@thuocdo/kit';
import { readConfig } from './config';
import { catalogService } from './grpc/catalog-service';
import { CatalogStore } from './store/catalog-store';

void startPostgresService({
  config: readConfig(),
  migrationsDir: path.resolve(__dirname, '../migrations'),
  protoFiles: ['thuocdo/catalog/v1/catalog.proto'],
  build: ({ pool }) => ({ services: [catalogService(new CatalogStore(pool))] }),
}).catch((err) => {
  process.stderr.write(`catalog: start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
