import { trace } from '@opentelemetry/api';
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Never written to logs: tokens, passwords, personal identification numbers. */
export const REDACTED_PATHS = [
  'authorization',
  '*.authorization',
  'headers.authorization',
  'headers.cookie',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'password',
  '*.password',
  'personal_id',
  '*.personal_id',
  'citizen_id',
  '*.citizen_id',
];

/**
 * Fields of a database error that quote the data: PostgreSQL's `detail` ("Failing row contains
 * (…names, notes…)", "Key (email)=(…) already exists"), `where`, the statement and its
 * parameters. Logs keep the code, the constraint, the table and the column instead.
 */
const DATA_BEARING = ['detail', 'where', 'internalQuery', 'query', 'parameters', 'values', 'row'];

/** pino's error serializer without the data-bearing fields, also on nested causes. */
export function serializeError(err: unknown): unknown {
  if (!(err instanceof Error)) return err;
  const out = pino.stdSerializers.err(err) as unknown as Record<string, unknown>;
  for (const k of DATA_BEARING) delete out[k];
  // pino folds a cause's message and stack into the error's; keep what identifies it too.
  const cause = (err as { cause?: unknown }).cause as Record<string, unknown> | undefined;
  if (cause instanceof Error) {
    const c = cause as unknown as Record<string, unknown>;
    out.cause = Object.fromEntries(
      ['name', 'code', 'constraint', 'table', 'column'].filter((k) => c[k] !== undefined).map((k) => [k, c[k]]),
    );
  } else delete out.cause;
  return out;
}

/** JSON logger; each line carries the active trace and span ids. */
export function createLogger(service: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service },
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
      serializers: { err: serializeError, error: serializeError },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      mixin() {
        const span = trace.getActiveSpan();
        if (!span) return {};
        const ctx = span.spanContext();
        return { trace_id: ctx.traceId, span_id: ctx.spanId };
      },
    },
    destination,
  );
}

/** The message of any thrown value, for one-line log fields. */
export const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
