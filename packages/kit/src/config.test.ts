import { z } from 'zod';
import { baseConfigSchema, parseConfig, port } from './config';

describe('parseConfig', () => {
  const schema = z.object({ ...baseConfigSchema.shape, KAFKA_BROKERS: z.string().min(1), GRPC_PORT: port(50053) });
  const env = { OTEL_SERVICE_NAME: 'worklog', AUTH_ISSUER: 'http://127.0.0.1:8090/realms/thuocdo', KAFKA_BROKERS: 'k:9092' };

  it('applies defaults', () => {
    const c = parseConfig(schema, env);
    expect(c.GRPC_PORT).toBe(50053);
    expect(c.AUTH_AUDIENCE).toBe('thuocdo');
    expect(c.LOG_LEVEL).toBe('info');
  });

  it('names the variable that is missing or bad', () => {
    expect(() => parseConfig(schema, { ...env, KAFKA_BROKERS: undefined })).toThrow(/^KAFKA_BROKERS:/);
    expect(() => parseConfig(schema, { ...env, GRPC_PORT: 'eighty' })).toThrow(/^GRPC_PORT:/);
    expect(() => parseConfig(schema, { ...env, GRPC_PORT: '70000' })).toThrow(/^GRPC_PORT:/);
    expect(() => parseConfig(schema, { ...env, AUTH_ISSUER: 'not a url' })).toThrow(/^AUTH_ISSUER:/);
    expect(() => parseConfig(schema, { ...env, LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL:/);
  });
});
