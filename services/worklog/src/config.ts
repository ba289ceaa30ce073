import { baseConfigShape, loadConfig, port } from '@thuocdo/kit';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  OTEL_SERVICE_NAME: z.string().default('worklog'),
  GRPC_PORT: port(50053),
  METRICS_PORT: port(9463),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/thuocdo_worklog'),
  KAFKA_BROKERS: z.string().min(1),
  /** How far back an official may still declare work, in days. */
  WORKLOG_MAX_BACKDATE_DAYS: z.coerce.number().int().min(0).max(3660).default(366),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = () => loadConfig(configSchema);
