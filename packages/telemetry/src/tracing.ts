import { randomFillSync } from 'node:crypto';
import { type Context, context, propagation, type Span, type SpanKind, SpanStatusCode, TraceFlags, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  BatchSpanProcessor,
  NodeTracerProvider,
  ParentBasedSampler,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';

let started: { shutdown(): Promise<void> } | undefined;
/** Whether spans leave the process (OTLP configured); when not, inSpan only carries ids. */
let exportingSpans = false;

/** Variables the OpenTelemetry exporter reads from the environment itself (beside each service's config). */
export const TELEMETRY_ENV = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const;

/**
 * Starts tracing for this process. Spans always get ids (so logs and Kafka headers carry a
 * trace id); they are recorded and leave the process only when OTEL_EXPORTER_OTLP_ENDPOINT is
 * set, which also turns on the automatic gRPC, HTTP and pg instrumentations.
 */
export function startTelemetry(serviceName: string, env: NodeJS.ProcessEnv = process.env): { shutdown(): Promise<void> } {
  if (started) return started;
  const exporting = TELEMETRY_ENV.some((name) => Boolean(env[name]));
  exportingSpans = exporting;
  const spanProcessors: SpanProcessor[] = [];
  if (exporting) {
    // Loaded only when needed: the exporter and instrumentations cost start-up time and memory.
    const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter()));
  }
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName }),
    spanProcessors,
    // Without an exporter, spans are not recorded: they still carry trace and span ids (into
    // logs, outbox rows and Kafka headers) at a fraction of the cost; a caller's sampled trace
    // is still followed, so a service that exports downstream keeps its traces whole.
    ...(exporting ? {} : { sampler: new ParentBasedSampler({ root: new AlwaysOffSampler() }) }),
  });
  provider.register({ propagator: new W3CTraceContextPropagator() });
  if (exporting) {
    const { registerInstrumentations } = require('@opentelemetry/instrumentation');
    const { GrpcInstrumentation } = require('@opentelemetry/instrumentation-grpc');
    const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
    const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');
    registerInstrumentations({
      instrumentations: [new GrpcInstrumentation(), new HttpInstrumentation(), new PgInstrumentation()],
    });
  }
  started = { shutdown: () => provider.shutdown() };
  return started;
}

export const tracer = () => trace.getTracer('thuocdo');

/** The W3C traceparent of the active span, to store with an outbox row or send as a header. */
export function currentTraceparent(): string | undefined {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent;
}

/** A context whose parent is the given traceparent (from gRPC metadata or a Kafka header). */
export function contextFromTraceparent(traceparent: string | undefined): Context {
  if (!traceparent) return context.active();
  return propagation.extract(context.active(), { traceparent });
}

// Random ids from a pool of random bytes, filled a few hundred ids at a time.
const idPool = Buffer.alloc(4096);
let idPoolUsed = idPool.length;
const randomHex = (bytes: number): string => {
  if (idPoolUsed + bytes > idPool.length) {
    randomFillSync(idPool);
    idPoolUsed = 0;
  }
  idPoolUsed += bytes;
  return idPool.toString('hex', idPoolUsed - bytes, idPoolUsed);
};

/**
 * Runs fn in a new span, records failures on it and ends it. When spans are not exported, the
 * span only carries ids (the parent's trace id, or a new one, and a new span id): what logs,
 * outbox rows and Kafka headers need, without the work of a span nobody reads.
 */
export function inSpan<T>(name: string, kind: SpanKind, parent: Context, fn: (span: Span) => Promise<T>): Promise<T> {
  if (!exportingSpans) {
    const from = trace.getSpanContext(parent);
    const ids = { traceId: from?.traceId ?? randomHex(16), spanId: randomHex(8), traceFlags: from?.traceFlags ?? TraceFlags.NONE };
    const span = trace.wrapSpanContext(ids);
    try {
      return context.with(trace.setSpan(parent, span), () => fn(span));
    } catch (err) {
      return Promise.reject(err);
    }
  }
  return tracer().startActiveSpan(name, { kind }, parent, async (span) => {
    try {
      return await fn(span);
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error)?.name });
      throw err;
    } finally {
      span.end();
    }
  });
}

export { SpanKind } from '@opentelemetry/api';
