import { postgresConfigShape } from '@thuocdo/db';
import { directoryConfigShape } from '@thuocdo/directory';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, grpcConfigShape, int, loadConfig } from '@thuocdo/kit';
import { consumerConfigChecks, consumerConfigShape, kafkaConfigShape, outboxConfigChecks, outboxConfigShape } from '@thuocdo/messaging';
import { grpcServiceDefaults } from '@thuocdo/registry';

export const configSchema = defineConfig(
  {
    ...baseConfigShape,
    ...authConfigShape,
    ...grpcConfigShape,
    ...postgresConfigShape('thuocdo_worklog'),
    ...kafkaConfigShape,
    ...outboxConfigShape,
    ...consumerConfigShape,
    ...directoryConfigShape,
    ...grpcServiceDefaults('worklog'),
    /** How far back an official may still declare work, in days. */
    WORKLOG_MAX_BACKDATE_DAYS: int(366, 0, 3660),
    /** How often the diary reminders check whether a tenant's reminder time has come. */
    WORKLOG_REMINDER_INTERVAL_MS: int(60_000, 1_000, 3_600_000),
    /** Work items kept in memory for LogWork, and for how long. */
    WORKLOG_REFERENCE_CACHE_SIZE: int(200_000, 1, 10_000_000),
    WORKLOG_REFERENCE_CACHE_TTL_MS: int(30_000, 0, 3_600_000),
  },
  [...baseConfigChecks, ...outboxConfigChecks, ...consumerConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
