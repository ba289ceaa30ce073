import { postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { kafka } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import { readConfig } from './config';
import { factConsumer } from './events/fact-consumer';
import { peopleConsumer } from './events/people-consumer';
import { scoringService } from './grpc/scoring-service';
import { AssessmentStore } from './store/assessment-store';
import { FactStore } from './store/fact-store';
import { PackChoiceStore } from './store/pack-choice-store';
import { PeriodStore } from './store/period-store';

const entry = service('scoring');
const config = readConfig();

runService(entry.name, () =>
  startService({
    config,
    resources: {
      pool: postgres(config, DIRECTORY_MIGRATIONS, { scope: 'service', dir: assetPath('services/scoring/migrations') }),
      kafka: kafka(config),
    },
    build: ({ pool, kafka, log }) => {
      const facts = new FactStore(pool);
      const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
      return {
        grpc: {
          services: [scoringService(facts, new AssessmentStore(pool), new PeriodStore(pool), new PackChoiceStore(pool))],
          protoFiles: entry.protoFiles,
          directory: org.directory,
        },
        workers: [
          ...org.workers,
          factConsumer({ ...kafka, pool, log, facts, settings: config }),
          peopleConsumer({ ...kafka, pool, log, facts, settings: config }),
        ],
      };
    },
  }),
);
