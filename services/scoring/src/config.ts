import { postgresConfigShape } from '@thuocdo/db';
import { directoryConfigShape } from '@thuocdo/directory';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, grpcConfigShape, loadConfig } from '@thuocdo/kit';
import { consumerConfigChecks, consumerConfigShape, kafkaConfigShape, outboxConfigChecks, outboxConfigShape } from '@thuocdo/messaging';
import { grpcServiceDefaults } from '@thuocdo/registry';

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
