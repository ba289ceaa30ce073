import { baseConfigChecks, baseConfigShape, defineConfig, int, parseConfig, port } from './config';

describe('parseConfig', () => {
  const schema = defineConfig({ ...baseConfigShape, GRPC_PORT: port(50053), BATCH: int(100, 1, 1000) }, baseConfigChecks);
  const env = { OTEL_SERVICE_NAME: 'worklog' };

  it('applies defaults', () => {
    const c = parseConfig(schema, env);
    expect(c).toMatchObject({ GRPC_PORT: 50053, LOG_LEVEL: 'info', SHUTDOWN_GRACE_SECONDS: 10, BATCH: 100 });
  });

  it('names the variable that is missing or bad', () => {
    expect(() => parseConfig(schema, {})).toThrow(/^OTEL_SERVICE_NAME:/);
    expect(() => parseConfig(schema, { ...env, GRPC_PORT: 'eighty' })).toThrow(/^GRPC_PORT:/);
    expect(() => parseConfig(schema, { ...env, GRPC_PORT: '70000' })).toThrow(/^GRPC_PORT:/);
    expect(() => parseConfig(schema, { ...env, LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL:/);
    expect(() => parseConfig(schema, { ...env, BATCH: '0' })).toThrow(/^BATCH:/);
    expect(() => parseConfig(schema, { ...env, BATCH: '1.5' })).toThrow(/^BATCH:/);
  });

  it('checks variables against each other', () => {
    expect(() => parseConfig(schema, { ...env, SHUTDOWN_GRACE_SECONDS: '30', SHUTDOWN_TIMEOUT_SECONDS: '20' })).toThrow(
      /^SHUTDOWN_TIMEOUT_SECONDS: must be greater than SHUTDOWN_GRACE_SECONDS/,
    );
    expect(() => parseConfig(schema, { ...env, HEALTH_PROBE_INTERVAL_MS: '500', HEALTH_PROBE_TIMEOUT_MS: '800' })).toThrow(
      /^HEALTH_PROBE_TIMEOUT_MS:/,
    );
  });
});
