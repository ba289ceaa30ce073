import path from 'node:path';
import {
  type handleUnaryCall,
  type Metadata,
  Server,
  ServerCredentials,
  type ServerUnaryCall,
  type ServiceDefinition,
  type sendUnaryData,
  status,
} from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';
import { contextFromTraceparent, counter, histogram, inSpan, SpanKind } from '@thuocdo/telemetry';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { bearerToken, type Principal, type TokenVerifier } from './auth';
import { toGrpcError } from './errors';
import type { Logger } from './logging';

/** What a handler gets besides its request. */
export interface CallContext {
  principal: Principal;
  metadata: Metadata;
  log: Logger;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** Handlers keyed by the method names of a generated ts-proto service definition. */
export type Handlers<D extends ServiceDefinition> = {
  [K in keyof D]: D[K] extends { requestDeserialize: (b: Buffer) => infer Req; responseSerialize: (r: infer Res) => Buffer }
    ? UnaryHandler<Req, Res>
    : never;
};

export interface ServiceBinding {
  /** Fully qualified name for health, for example "thuocdo.worklog.v1.WorklogService". */
  name: string;
  definition: ServiceDefinition;
  handlers: Record<string, UnaryHandler<any, any>>;
}

/** Binds typed handlers to a generated definition. */
export function bindService<D extends ServiceDefinition>(name: string, definition: D, handlers: Handlers<D>): ServiceBinding {
  return { name, definition, handlers: handlers as Record<string, UnaryHandler<any, any>> };
}

const PROTO_ROOT = path.resolve(__dirname, '../../../proto');

const rpcDuration = histogram('grpc_server_handling_seconds', 'Time to answer a unary RPC', ['grpc_method', 'grpc_code']);
const rpcStarted = counter('grpc_server_started_total', 'Unary RPCs started', ['grpc_method']);

export interface GrpcServerOptions {
  services: ServiceBinding[];
  verifyToken: TokenVerifier;
  logger: Logger;
  /** Proto files (relative to proto/) served through reflection. */
  protoFiles: string[];
  /** Largest request accepted; larger ones fail with RESOURCE_EXHAUSTED before parsing. */
  maxRequestBytes?: number;
}

/**
 * A grpc-js server with the ThuocDo interceptor chain around every unary handler:
 * trace context → token verification → handler → error mapping, with logs and metrics.
 * Also serves grpc.health.v1 (NOT_SERVING until setServing(true)) and server reflection.
 */
export class GrpcServer {
  readonly server: Server;
  readonly health: HealthImplementation;
  private readonly names: string[];
  private inFlight = 0;

  constructor(private readonly opts: GrpcServerOptions) {
    this.server = new Server({
      'grpc.max_receive_message_length': opts.maxRequestBytes ?? 4 * 1024 * 1024,
      'grpc.keepalive_permit_without_calls': 1,
    });
    this.names = opts.services.map((s) => s.name);
    this.health = new HealthImplementation(Object.fromEntries(['', ...this.names].map((n) => [n, 'NOT_SERVING'])));
    this.health.addToServer(this.server);
    // Reflection describes the service's own API and the health service beside it.
    const pkg = loadSync([...opts.protoFiles, healthProtoPath], { includeDirs: [PROTO_ROOT], keepCase: true });
    new ReflectionService(pkg).addToServer(this.server);
    for (const svc of opts.services) {
      const impl: Record<string, handleUnaryCall<unknown, unknown>> = {};
      for (const [method, def] of Object.entries(svc.definition)) {
        const handler = svc.handlers[method];
        if (!handler) throw new Error(`${svc.name}: no handler for ${method}`);
        impl[method] = this.wrap(def.path, handler);
      }
      this.server.addService(svc.definition, impl);
    }
  }

  private wrap(methodPath: string, handler: UnaryHandler<unknown, unknown>): handleUnaryCall<unknown, unknown> {
    const log = this.opts.logger;
    return (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) => {
      const started = process.hrtime.bigint();
      rpcStarted.inc({ grpc_method: methodPath });
      this.inFlight++;
      const traceparent = call.metadata.get('traceparent')[0];
      const parent = contextFromTraceparent(typeof traceparent === 'string' ? traceparent : undefined);
      void inSpan(methodPath, SpanKind.SERVER, parent, async () => {
        let code: status = status.OK;
        try {
          const auth = call.metadata.get('authorization')[0];
          const principal = await this.opts.verifyToken(bearerToken(typeof auth === 'string' ? auth : undefined));
          const response = await handler(call.request, { principal, metadata: call.metadata, log });
          callback(null, response);
        } catch (err) {
          const mapped = toGrpcError(err);
          code = mapped.code;
          if (code === status.INTERNAL || code === status.UNAVAILABLE) log.error({ err, method: methodPath }, 'call failed');
          callback({ code: mapped.code, details: mapped.details, metadata: mapped.metadata });
        } finally {
          this.inFlight--;
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          rpcDuration.observe({ grpc_method: methodPath, grpc_code: status[code] }, seconds);
          if (log.isLevelEnabled('debug')) log.debug({ method: methodPath, code: status[code], ms: seconds * 1000 }, 'rpc');
        }
      });
    };
  }

  /** Binds the port; returns the bound port (useful with port 0). */
  async listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) =>
      this.server.bindAsync(`${host}:${port}`, ServerCredentials.createInsecure(), (err, bound) => (err ? reject(err) : resolve(bound))),
    );
  }

  setServing(serving: boolean): void {
    for (const n of ['', ...this.names]) this.health.setStatus(n, serving ? 'SERVING' : 'NOT_SERVING');
  }

  get callsInFlight(): number {
    return this.inFlight;
  }

  /**
   * Graceful stop: health NOT_SERVING, stop accepting calls, let in-flight calls finish
   * within the grace period, then cut what is left.
   */
  async shutdown(graceMs: number): Promise<void> {
    this.setServing(false);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, graceMs);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
