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
import {
  type Action,
  type Actor,
  assetPath,
  bearerToken,
  type DirectoryView,
  identify,
  isAction,
  type Logger,
  type Principal,
  requireScope,
  type Scope,
  type TokenVerifier,
  todayInVietnam,
  ValidationError,
} from '@thuocdo/kit';
import { contextFromTraceparent, counter, histogram, inSpan, SpanKind } from '@thuocdo/telemetry';
import { HealthImplementation, protoPath as healthProtoPath } from 'grpc-health-check';
import { v7 as uuidv7 } from 'uuid';
import { toGrpcError } from './grpc-errors';

/** What a handler gets besides its request. */
export interface CallContext {
  /** Caller, scope, clock and id source, as domain decisions take them. */
  actor: Actor;
  principal: Principal;
  /** What the caller may act on for the RPC's action (packages/kit policy.ts). */
  scope: Scope;
  /** When the caller stops waiting; undefined when it set no deadline. */
  deadline: Date | undefined;
  /** True once the caller has cancelled or its deadline has passed: nobody will read the answer. */
  cancelled(): boolean;
  /** Aborted when the caller cancels or its deadline passes, for I/O that takes a signal (made on first use). */
  readonly signal: AbortSignal;
  metadata: Metadata;
  log: Logger;
}

export type UnaryHandler<Req, Res> = (request: Req, ctx: CallContext) => Promise<Res>;

/** An RPC as a service binds it: the action it performs (its policy) and its handler. */
export interface Rpc<Req, Res> {
  action: Action;
  handle: UnaryHandler<Req, Res>;
}

/** Declares an RPC: `rpc('worklog.write', async (req, ctx) => …)`. */
export const rpc = <Req, Res>(action: Action, handle: UnaryHandler<Req, Res>): Rpc<Req, Res> => ({ action, handle });

/** One Rpc per method of a generated ts-proto service definition: a method without one does not compile. */
export type Rpcs<D extends ServiceDefinition> = {
  [K in keyof D]: D[K] extends { requestDeserialize: (b: Buffer) => infer Req; responseSerialize: (r: infer Res) => Buffer }
    ? Rpc<Req, Res>
    : never;
};

export interface ServiceBinding {
  /** Fully qualified name for health, for example "thuocdo.worklog.v1.WorklogService". */
  name: string;
  definition: ServiceDefinition;
  rpcs: Record<string, Rpc<any, any>>;
}

export function bindService<D extends ServiceDefinition>(name: string, definition: D, rpcs: Rpcs<D>): ServiceBinding {
  return { name, definition, rpcs: rpcs as Record<string, Rpc<any, any>> };
}

const rpcDuration = histogram('grpc_server_handling_seconds', 'Time to answer a unary RPC', ['grpc_method', 'grpc_code']);
const rpcStarted = counter('grpc_server_started_total', 'Unary RPCs started', ['grpc_method']);

// Reasons of an aborted call's signal, made once: an Error per call costs its stack trace.
const DEADLINE_PASSED = new Error("the caller's deadline has passed");
const CANCELLED = new Error('the caller cancelled the call');

/** Stands for a request whose bytes are not a valid message, so the handler wrapper can answer it. */
const MALFORMED: unique symbol = Symbol('malformed request');
interface Malformed {
  [MALFORMED]: true;
}
const isMalformed = (r: unknown): r is Malformed => typeof r === 'object' && r !== null && MALFORMED in r;

const firstString = (m: Metadata, key: string): string | undefined => {
  const v = m.get(key)[0];
  return typeof v === 'string' ? v : undefined;
};

/**
 * A unary call's context. Its cancellation signal (an AbortController, a listener and a deadline
 * timer) is made only when a handler asks for it: most calls only check cancelled().
 */
class UnaryCallContext implements CallContext {
  // Set once the token is verified, before the handler runs.
  actor!: Actor;
  principal!: Principal;
  scope!: Scope;
  readonly deadline: Date | undefined;
  readonly metadata: Metadata;
  /** Bound, so that handlers can pass it on as `{ cancelled }`. */
  readonly cancelled: () => boolean;
  private aborter?: AbortController;
  private timer?: NodeJS.Timeout;
  private onCancel?: () => void;

  constructor(
    private readonly call: ServerUnaryCall<unknown, unknown>,
    readonly log: Logger,
  ) {
    const d = call.getDeadline();
    this.deadline = d instanceof Date ? d : Number.isFinite(d) ? new Date(d) : undefined;
    this.metadata = call.metadata;
    this.cancelled = this.isCancelled.bind(this);
  }

  private isCancelled(): boolean {
    return this.call.cancelled || (this.deadline !== undefined && Date.now() >= this.deadline.getTime());
  }

  get signal(): AbortSignal {
    if (this.aborter) return this.aborter.signal;
    const aborter = new AbortController();
    this.aborter = aborter;
    if (this.call.cancelled) aborter.abort(CANCELLED);
    // grpc-js also reports 'cancelled' when a finished call's stream closes: listen only while it runs.
    this.onCancel = () => aborter.abort(CANCELLED);
    this.call.once('cancelled', this.onCancel);
    if (this.deadline) this.timer = setTimeout(() => aborter.abort(DEADLINE_PASSED), Math.max(0, this.deadline.getTime() - Date.now()));
    return aborter.signal;
  }

  /** Stops listening for the caller once the answer is sent. */
  end(): void {
    if (!this.aborter) return;
    clearTimeout(this.timer);
    this.call.removeListener('cancelled', this.onCancel!);
  }
}

export interface GrpcServerOptions {
  services: ServiceBinding[];
  verifyToken: TokenVerifier;
  logger: Logger;
  /** Proto files (relative to proto/) served through reflection. */
  protoFiles: string[];
  /** Largest request accepted; larger ones fail with RESOURCE_EXHAUSTED before parsing. */
  maxRequestBytes: number;
  /** The org directory callers' scopes are worked out from. */
  directory: DirectoryView;
}

/**
 * Every method must declare its action: refusing to start is the mechanism behind deny by default.
 * Exported for tests.
 */
export function checkPolicies(services: ServiceBinding[]): void {
  for (const svc of services)
    for (const method of Object.keys(svc.definition)) {
      const r = svc.rpcs[method];
      if (!r || typeof r.handle !== 'function') throw new Error(`${svc.name}/${method}: no handler bound`);
      if (!isAction(r.action)) throw new Error(`${svc.name}/${method}: no policy declared (an action of packages/kit/src/policy.ts)`);
    }
}

/**
 * A grpc-js server with the ThuocDo chain around every unary handler: trace context → token
 * verification → the RPC's policy → request decoding → handler → error mapping, with logs and
 * metrics. Also serves grpc.health.v1 (NOT_SERVING until setServing(true)) and reflection.
 */
export class GrpcServer {
  readonly server: Server;
  readonly health: HealthImplementation;
  private readonly names: string[];
  private inFlight = 0;

  constructor(private readonly opts: GrpcServerOptions) {
    checkPolicies(opts.services);
    this.server = new Server({
      'grpc.max_receive_message_length': opts.maxRequestBytes,
      'grpc.keepalive_permit_without_calls': 1,
    });
    this.names = opts.services.map((s) => s.name);
    this.health = new HealthImplementation(Object.fromEntries(['', ...this.names].map((n) => [n, 'NOT_SERVING'])));
    this.health.addToServer(this.server);
    // Reflection describes the service's own API and the health service beside it.
    const pkg = loadSync([...opts.protoFiles, healthProtoPath], { includeDirs: [assetPath('proto')], keepCase: true });
    new ReflectionService(pkg).addToServer(this.server);
    for (const svc of opts.services) {
      const definition: Record<string, ServiceDefinition[string]> = {};
      const impl: Record<string, handleUnaryCall<unknown, unknown>> = {};
      for (const [method, def] of Object.entries(svc.definition)) {
        // grpc-js answers a request it cannot decode with INTERNAL; decode here instead, so a
        // malformed message is the caller's INVALID_ARGUMENT.
        definition[method] = {
          ...def,
          requestDeserialize: (bytes: Buffer) => {
            try {
              return def.requestDeserialize(bytes);
            } catch {
              return { [MALFORMED]: true };
            }
          },
        };
        impl[method] = this.wrap(def.path, svc.rpcs[method]);
      }
      this.server.addService(definition, impl);
    }
  }

  private wrap(methodPath: string, rpc: Rpc<unknown, unknown>): handleUnaryCall<unknown, unknown> {
    const log = this.opts.logger;
    const run = async (call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>, started: bigint) => {
      const ctx = new UnaryCallContext(call, log);
      let code: status = status.OK;
      try {
        const verified = await this.opts.verifyToken(bearerToken(firstString(call.metadata, 'authorization')));
        const directory = this.opts.directory;
        const principal = identify(verified, directory);
        const now = new Date();
        const today = todayInVietnam(now);
        const scope = requireScope(principal, rpc.action, directory, today);
        if (isMalformed(call.request))
          throw new ValidationError('', {
            vi: 'Yêu cầu không phải một thông điệp protobuf hợp lệ',
            en: 'The request is not a valid protobuf message for this method',
          });
        ctx.principal = principal;
        ctx.scope = scope;
        ctx.actor = { principal, action: rpc.action, scope, directory, now, today, newId: uuidv7 };
        callback(null, await rpc.handle(call.request, ctx));
      } catch (err) {
        const mapped = toGrpcError(err);
        code = mapped.code;
        // A caller that has gone reads nothing: its abandoned call is not a failure of the service.
        if ((code === status.INTERNAL || code === status.UNAVAILABLE) && !ctx.cancelled())
          log.error({ err, method: methodPath }, 'call failed');
        callback({ code: mapped.code, details: mapped.details, metadata: mapped.metadata });
      } finally {
        ctx.end();
        this.inFlight--;
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        rpcDuration.observe({ grpc_method: methodPath, grpc_code: status[code] }, seconds);
        if (log.isLevelEnabled('debug')) log.debug({ method: methodPath, code: status[code], ms: seconds * 1000 }, 'rpc');
      }
    };
    return (call, callback) => {
      const started = process.hrtime.bigint();
      rpcStarted.inc({ grpc_method: methodPath });
      this.inFlight++;
      const parent = contextFromTraceparent(firstString(call.metadata, 'traceparent'));
      void inSpan(methodPath, SpanKind.SERVER, parent, () => run(call, callback, started));
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
