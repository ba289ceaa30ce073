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
    ...postgresConfigShape('thuocdo_catalog'),
    ...kafkaConfigShape,
    ...outboxConfigShape,
    ...consumerConfigShape,
    ...directoryConfigShape,
    ...grpcServiceDefaults('catalog'),
    /** Catalog spreadsheets arrive in one call (ImportWorkItems): as large as the gateway's uploads. */
    GRPC_MAX_REQUEST_BYTES: int(16 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  },
  [...baseConfigChecks, ...outboxConfigChecks, ...consumerConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
