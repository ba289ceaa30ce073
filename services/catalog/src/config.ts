import { baseConfigShape, loadConfig, port } from '@thuocdo/kit';
import { z } from 'zod';

export const configSchema = z.object({
  ...baseConfigShape,
  OTEL_SERVICE_NAME: z.string().default('catalog'),
  GRPC_PORT: port(50052),
  METRICS_PORT: port(9462),
  DATABASE_URL: z.string().url().default('postgres://postgres@127.0.0.1:5432/thuocdo_catalog'),
  KAFKA_BROKERS: z.string().min(1),
});

export type Config = z.infer<typeof configSchema>;
export const readConfig = () => loadConfig(configSchema);
