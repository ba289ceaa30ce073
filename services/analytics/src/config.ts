import { baseConfigShape, loadConfig, port } from '@thuocdo/kit';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  OTEL_SERVICE_NAME: z.string().default('analytics'),
  GRPC_PORT: port(50054),
  METRICS_PORT: port(9464),
  KAFKA_BROKERS: z.string().min(1),
  /** A ClickHouse server (http://user:password@host:8123/database); unset runs the embedded engine. */
  CLICKHOUSE_URL: z.string().url().optional(),
  /** Data directory of the embedded engine; one per process. */
  CHDB_PATH: z.string().min(1).default('.run/chdb/analytics'),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = () => loadConfig(configSchema);
