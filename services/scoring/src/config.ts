import { postgresConfigShape } from '@thuocdo/db';
import { directoryConfigShape } from '@thuocdo/directory';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, grpcConfigShape, int, loadConfig } from '@thuocdo/kit';
import { consumerConfigChecks, consumerConfigShape, kafkaConfigShape, outboxConfigChecks, outboxConfigShape } from '@thuocdo/messaging';
import { grpcServiceDefaults } from '@thuocdo/registry';
import { z } from 'zod';

export const configSchema = defineConfig(
  {
    ...baseConfigShape,
    ...authConfigShape,
    ...grpcConfigShape,
    ...postgresConfigShape('thuocdo_scoring'),
    ...kafkaConfigShape,
    ...outboxConfigShape,
    ...consumerConfigShape,
    ...directoryConfigShape,
    ...grpcServiceDefaults('scoring'),
    /** The day of the month after a period by which it closes (1–28), or 0: as soon as it ends. */
    SCORING_CLOSING_DAY: int(25, 0, 28),
    /** Which periods close on schedule once past their deadline: months, quarters, both, or none. */
    SCORING_AUTO_CLOSE: z.enum(['months', 'quarters', 'both', 'off']).default('months'),
    /** How often the schedule looks for periods past their deadline. */
    SCORING_DEADLINE_CHECK_INTERVAL_MS: int(600_000, 200, 86_400_000),
  },
  [...baseConfigChecks, ...outboxConfigChecks, ...consumerConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);

/** The verify-chain command reads the database only. */
export const verifyConfigSchema = defineConfig(
  { ...baseConfigShape, ...postgresConfigShape('thuocdo_scoring'), ...grpcServiceDefaults('scoring') },
  baseConfigChecks,
);
export const readVerifyConfig = () => loadConfig(verifyConfigSchema);
