import path from 'node:path';
import { startPostgresService } from '@thuocdo/kit';
import { readConfig } from './config';
import { referenceConsumer } from './events/reference-consumer';
import { worklogService } from './grpc/worklog-service';
import { WorklogStore } from './store/worklog-store';

const config = readConfig();

void startPostgresService({
  config,
  migrationsDir: path.resolve(__dirname, '../migrations'),
  protoFiles: ['thuocdo/worklog/v1/worklog.proto'],
  build: (deps) => {
    const store = new WorklogStore(deps.pool);
    return {
      services: [worklogService(store, { maxBackdateDays: config.WORKLOG_MAX_BACKDATE_DAYS })],
      consumers: [referenceConsumer({ ...deps, store })],
    };
  },
}).catch((err) => {
  process.stderr.write(`worklog: start failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
