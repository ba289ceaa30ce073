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
    ...postgresConfigShape('thuocdo_org'),
    ...kafkaConfigShape,
    ...outboxConfigShape,
    ...consumerConfigShape,
    ...directoryConfigShape,
    ...grpcServiceDefaults('org'),
    /** How often a replica looks for requests to publish the organisation again. */
    ORG_REPUBLISH_POLL_MS: int(10_000, 100, 3_600_000),
    /** How often a replica looks for imports to check or apply that no request woke it for (another replica's, or one whose lease lapsed). */
    ORG_IMPORT_POLL_MS: int(5_000, 100, 3_600_000),
    /** Imports carry spreadsheets of up to 10 MB (base64 in JSON through the gateway): org takes larger requests than the default. */
    GRPC_MAX_REQUEST_BYTES: int(16 * 1024 * 1024, 1024, 64 * 1024 * 1024),
  },
  [...baseConfigChecks, ...outboxConfigChecks, ...consumerConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
