import { listAuditLog, postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { auditService, runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { worklogEvents } from './events/publish';
import { referenceConsumer } from './events/reference-consumer';
import { DiaryReminders } from './events/reminders';
import { taskEvents } from './events/task-events';
import { taskService } from './grpc/task-service';
import { worklogService } from './grpc/worklog-service';
import { SettingsStore } from './store/settings-store';
import { TaskStore } from './store/task-store';
import { WorkItemRefs } from './store/work-item-refs';
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
      const encoder = new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces);
      const workItems = new WorkItemRefs(pool, config.WORKLOG_REFERENCE_CACHE_TTL_MS, config.WORKLOG_REFERENCE_CACHE_SIZE);
      const settings = new SettingsStore(pool);
      const store = new WorklogStore(pool, worklogEvents(encoder));
      const tasks = new TaskStore(pool, taskEvents(encoder));
      const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
      return {
        grpc: {
          services: [
            worklogService({ store, settings, workItems, rules: { maxBackdateDays: config.WORKLOG_MAX_BACKDATE_DAYS } }),
            taskService({ store: tasks, refs: workItems, settings }),
            auditService(entry.name, (tenant, q) => listAuditLog(pool, tenant, q)),
          ],
          protoFiles: entry.protoFiles,
          directory: org.directory,
        },
        workers: [
          ...org.workers,
          new OutboxRelay(pool, kafka.producer, log, relayOptions(config)),
          referenceConsumer({ ...kafka, pool, log, workItems, settings: config }),
          new DiaryReminders({ pool, settings, directory: org.directory, encoder, log, intervalMs: config.WORKLOG_REMINDER_INTERVAL_MS }),
        ],
      };
    },
  }),
);
