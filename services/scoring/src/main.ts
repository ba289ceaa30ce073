import { createPool, poolOptions, postgres } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS, postgresDirectory } from '@thuocdo/directory';
import { assetPath } from '@thuocdo/kit';
import { EventEncoder, kafka, OutboxRelay, relayOptions } from '@thuocdo/messaging';
import { service } from '@thuocdo/registry';
import { runService, startService } from '@thuocdo/service';
import { type Config, readConfig, readVerifyConfig } from './config';
import { DeadlineCloser } from './events/deadline-closer';
import { evaluationEvents } from './events/evaluation-events';
import { factConsumer } from './events/fact-consumer';
import { peopleConsumer } from './events/people-consumer';
import { resultEvents } from './events/result-events';
import { unitKpiEvents } from './events/unit-kpi-events';
import { scoringService } from './grpc/scoring-service';
import { AssessmentStore } from './store/assessment-store';
import { CustomPackStore } from './store/custom-pack-store';
import { EvaluationStore } from './store/evaluation-store';
import { FactStore } from './store/fact-store';
import { PackChoiceStore } from './store/pack-choice-store';
import { PeriodStore } from './store/period-store';
import { SettingsStore } from './store/settings-store';
import { UnitKpiStore } from './store/unit-kpi-store';
import { formatReports, verifyChains } from './verify-chain';

const entry = service('scoring');

/** SCORING_AUTO_CLOSE: the kinds of periods closed on schedule. */
const AUTO_CLOSE = { months: ['MONTH'], quarters: ['QUARTER'], both: ['MONTH', 'QUARTER'], off: [] } as const;

if (process.argv[2] === 'verify-chain') verifyCommand(process.argv.slice(3));
else serve(readConfig());

function serve(config: Config) {
  runService(entry.name, () =>
    startService({
      config,
      resources: {
        pool: postgres(config, DIRECTORY_MIGRATIONS, { scope: 'service', dir: assetPath('services/scoring/migrations') }),
        kafka: kafka(config),
      },
      build: ({ pool, kafka, log }) => {
        const facts = new FactStore(pool);
        const encoder = new EventEncoder(config.OTEL_SERVICE_NAME, entry.produces);
        const scoring = {
          facts,
          assessments: new AssessmentStore(pool),
          periods: new PeriodStore(pool),
          choices: new PackChoiceStore(pool),
          customPacks: new CustomPackStore(pool),
          evaluations: new EvaluationStore(pool, evaluationEvents(encoder)),
          unitKpis: new UnitKpiStore(pool),
          agencyResultsEvent: resultEvents(encoder),
          unitKpiResultEvent: unitKpiEvents(encoder),
          settings: new SettingsStore(pool),
          defaultClosingDay: config.SCORING_CLOSING_DAY,
        };
        const org = postgresDirectory({ service: entry.name, pool, ...kafka, log, settings: config });
        return {
          grpc: {
            services: [scoringService(scoring)],
            protoFiles: entry.protoFiles,
            directory: org.directory,
          },
          workers: [
            ...org.workers,
            new OutboxRelay(pool, kafka.producer, log, relayOptions(config)),
            factConsumer({ ...kafka, pool, log, facts, unitKpis: scoring.unitKpis, settings: config }),
            peopleConsumer({ ...kafka, pool, log, facts, settings: config }),
            new DeadlineCloser({
              scoring,
              directory: org.directory,
              log,
              kinds: AUTO_CLOSE[config.SCORING_AUTO_CLOSE],
              intervalMs: config.SCORING_DEADLINE_CHECK_INTERVAL_MS,
            }),
          ],
        };
      },
    }),
  );
}

/**
 * `verify-chain [--tenant <id>]`: checks the chains of approved results against the database
 * (read-only) and exits 0 when every chain is intact, 1 otherwise.
 */
function verifyCommand(args: string[]) {
  const at = args.indexOf('--tenant');
  const tenant = at >= 0 ? args[at + 1] : undefined;
  const pool = createPool({ ...poolOptions(readVerifyConfig()), size: 2 });
  const store = new EvaluationStore(pool, () => {
    throw new Error('verify-chain writes nothing');
  });
  verifyChains(store, tenant)
    .then((reports) => {
      console.log(formatReports(reports));
      process.exitCode = reports.some((r) => r.problems.length) ? 1 : 0;
    })
    .catch((err) => {
      console.error(`verify-chain: ${err instanceof Error ? err.message : err}`);
      process.exitCode = 2;
    })
    .finally(() => pool.end());
}
