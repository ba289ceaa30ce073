import { directoryConfigShape } from '@thuocdo/directory';
import { authConfigShape, baseConfigChecks, baseConfigShape, defineConfig, grpcConfigShape, int, loadConfig } from '@thuocdo/kit';
import { consumerConfigChecks, consumerConfigShape, kafkaConfigShape } from '@thuocdo/messaging';
import { grpcServiceDefaults } from '@thuocdo/registry';
import { clickhouseConfigShape } from './store/clickhouse';

export const configSchema = defineConfig(
  {
    ...baseConfigShape,
    ...authConfigShape,
    ...grpcConfigShape,
    ...kafkaConfigShape,
    ...consumerConfigShape,
    ...clickhouseConfigShape,
    ...directoryConfigShape,
    ...grpcServiceDefaults('analytics'),
    /** ClickHouse wants few, large inserts: the broker gathers up to this many events, or this long, or this many bytes. */
    ANALYTICS_BATCH_MAX_EVENTS: int(10_000, 1, 100_000),
    ANALYTICS_BATCH_WAIT_MS: int(1000, 0, 60_000),
    ANALYTICS_BATCH_MIN_BYTES: int(1024 * 1024, 1, 64 * 1024 * 1024),
  },
  [...baseConfigChecks, ...consumerConfigChecks],
);

export type Config = ReturnType<typeof readConfig>;
export const readConfig = () => loadConfig(configSchema);
