import { postgresConfigShape } from '@thuocdo/db';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, grpcConfigShape, loadConfig } from '@thuocdo/kit';
import { kafkaConfigShape, outboxConfigChecks, outboxConfigShape } from '@thuocdo/messaging';
import { grpcServiceDefaults } from '@thuocdo/registry';

export const configSchema = defineConfig(
  {
    ...baseConfigShape,
    ...authConfigShape,
    ...grpcConfigShape,
    ...postgresConfigShape('thuocdo_catalog'),
    ...kafkaConfigShape,
    ...outboxConfigShape,
    ...grpcServiceDefaults('catalog'),
  },
  [...baseConfigChecks, ...outboxConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
