import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { addressVariable, type RegisteredService, SERVICES, type ServiceName, startOrder } from '@thuocdo/registry';
import { healthStatus } from '@thuocdo/service';
import { type DemoUser, LocalIdentityProvider, type OidcClient } from './idp';
import { type BrokerProcess, spawnLocalBroker } from './kafka-broker';
import { freePort } from './ports';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export interface PlatformOptions {
  /** Databases are named `<prefix>_<service>`. */
  databasePrefix: string;
  /** Embedded ClickHouse data directory of the analytics service. */
  chdbPath: string;
  users: DemoUser[];
  clients: OidcClient[];
  /** Fixed ports (the local `up`); free ports are picked for anything not given. */
  ports?: Partial<Record<ServiceName | 'idp', number>>;
  /** Child logs go to `<logDir>/<service>.log`; without it they are discarded. */
  logDir?: string;
  env?: Record<string, string>;
  adminDatabaseUrl?: string;
  /** Run the production build (dist/<service>/main.js, `npm run build`) instead of the TypeScript sources. */
  built?: boolean;
  /** Access-token lifetime at the identity provider (short ones exercise refreshing). */
  tokenSeconds?: number;
  /** Start a service again when it exits on its own (the local `up`); `onExit` hears about it either way. */
  restart?: boolean;
  onExit?: (service: ServiceName, code: number | null, signal: NodeJS.Signals | null) => void;
}

interface Running {
  entry: RegisteredService;
  child: ChildProcess;
  /** Set while a stop was asked for, so that the exit is not taken for a crash. */
  stopping: boolean;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  extraEnv: Record<string, string>;
  nodeArgs: string[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The whole platform on this machine, as the service registry lists it: the local Kafka
 * broker, the local identity provider and every service as its own process, started in
 * dependency order. Used by `npm run up`, the end-to-end tests and the benchmark.
 */
export class Platform {
  private readonly running = new Map<ServiceName, Running>();
  private readonly logs: WriteStream[] = [];
  broker!: BrokerProcess;
  idp!: LocalIdentityProvider;
  private readonly ports = new Map<ServiceName, number>();
  private readonly metricsPorts = new Map<ServiceName, number>();
  private stopped = false;

  private constructor(private readonly o: PlatformOptions) {}

  static async start(o: PlatformOptions): Promise<Platform> {
    const p = new Platform(o);
    try {
      await p.boot();
    } catch (err) {
      await p.stop();
      throw err;
    }
    return p;
  }

  private async boot(): Promise<void> {
    if (this.o.logDir) mkdirSync(this.o.logDir, { recursive: true });
    this.broker = await spawnLocalBroker();
    for (const s of SERVICES) {
      this.ports.set(s.name, this.o.ports?.[s.name] ?? (await freePort()));
      this.metricsPorts.set(s.name, await freePort());
    }
    // The gateway's callback is the one redirect the identity provider accepts.
    const callback = `${this.gatewayUrl}/auth/callback`;
    this.idp = await LocalIdentityProvider.start({
      port: this.o.ports?.idp ?? 0,
      tokenSeconds: this.o.tokenSeconds,
      users: this.o.users,
      clients: this.o.clients.map((c) => ({ ...c, redirectUris: c.redirectUris ?? [callback] })),
    });
    // Services without dependencies start together; the others after what they call.
    const order = startOrder();
    const independent = order.filter((s) => s.dependsOn.length === 0);
    await Promise.all(independent.map((s) => this.startService(s.name)));
    for (const s of order.filter((x) => x.dependsOn.length > 0)) await this.startService(s.name);
  }

  address(name: ServiceName): string {
    return `127.0.0.1:${this.ports.get(name)}`;
  }

  /** The service's Prometheus endpoint. */
  metricsUrl(name: ServiceName): string {
    return `http://127.0.0.1:${this.metricsPorts.get(name)}/metrics`;
  }

  get gatewayUrl(): string {
    return `http://${this.address('gateway')}`;
  }

  pid(name: ServiceName): number | undefined {
    return this.running.get(name)?.child.pid;
  }

  databaseUrl(service: string): string {
    const url = new URL(this.o.adminDatabaseUrl ?? 'postgres://postgres@127.0.0.1:5432/postgres');
    url.pathname = `/${this.o.databasePrefix}_${service}`;
    return url.toString();
  }

  /** Names of the databases the platform's services own. */
  get databases(): string[] {
    return SERVICES.filter((s) => s.store === 'postgresql').map((s) => `${this.o.databasePrefix}_${s.name}`);
  }

  private envFor(s: RegisteredService): Record<string, string> {
    const env: Record<string, string> = {
      LOG_LEVEL: 'info',
      AUTH_ISSUER: this.idp.issuer,
      METRICS_PORT: String(this.metricsPorts.get(s.name)),
      OTEL_SERVICE_NAME: s.name,
      SHUTDOWN_GRACE_SECONDS: '10',
    };
    if (s.produces.length || Object.keys(s.consumes).length) env.KAFKA_BROKERS = this.broker.brokers;
    if (s.store === 'postgresql') env.DATABASE_URL = this.databaseUrl(s.name);
    if (s.store === 'clickhouse') env.CHDB_PATH = this.o.chdbPath;
    const port = String(this.ports.get(s.name));
    if (s.kind === 'grpc') env.GRPC_PORT = port;
    else {
      env.HTTP_PORT = port;
      env.PUBLIC_URL = `http://127.0.0.1:${port}`;
      env.OIDC_CLIENT_ID = this.o.clients[0]?.clientId ?? 'thuocdo-web';
      env.OIDC_CLIENT_SECRET = this.o.clients[0]?.clientSecret ?? '';
      env.SESSION_SECRET = `local-session-secret-${this.o.databasePrefix}-0123456789abcdef`;
      for (const d of s.dependsOn) env[addressVariable(d)] = this.address(d as ServiceName);
    }
    return env;
  }

  private command(name: ServiceName, nodeArgs: string[]): string[] {
    if (!this.o.built) return [...nodeArgs, '--import', 'tsx', path.join(REPO_ROOT, `services/${name}/src/main.ts`)];
    const main = path.join(REPO_ROOT, 'dist', name, 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run npm run build first`);
    return [...nodeArgs, main];
  }

  /** Starts one service and waits until it answers (gRPC health SERVING, or the gateway's /healthz). */
  async startService(name: ServiceName, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<void> {
    const entry = SERVICES.find((s) => s.name === name)!;
    const env = { ...this.envFor(entry), ...this.o.env, ...extraEnv };
    const child = spawn(process.execPath, this.command(name, nodeArgs), {
      cwd: this.o.built ? path.join(REPO_ROOT, 'dist', name) : REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (this.o.logDir) {
      const log = createWriteStream(path.join(this.o.logDir, `${name}.log`), { flags: 'a' });
      this.logs.push(log);
      child.stdout!.pipe(log);
      child.stderr!.pipe(log);
    } else {
      child.stdout!.resume();
      child.stderr!.resume();
    }
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    const running: Running = { entry, child, stopping: false, exited, extraEnv, nodeArgs };
    this.running.set(name, running);
    void exited.then(({ code, signal }) => this.exitedOnItsOwn(running, code, signal));
    let gone: { code: number | null; signal: NodeJS.Signals | null } | undefined;
    void exited.then((e) => {
      gone = e;
    });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (gone) throw new Error(`${name} exited with ${gone.code ?? gone.signal} during start`);
      if (await this.isReady(name)) return;
      await sleep(250);
    }
    throw new Error(`${name} did not become ready within 90 s`);
  }

  /**
   * Another process of a service beside the running one, on a port of its own and the same
   * stores (a second replica); stop() ends it.
   */
  async startReplica(name: ServiceName, extraEnv: Record<string, string> = {}): Promise<{ address: string; stop(): Promise<void> }> {
    const entry = SERVICES.find((s) => s.name === name)!;
    const port = await freePort();
    const env: Record<string, string> = { ...this.envFor(entry), ...this.o.env, METRICS_PORT: String(await freePort()), ...extraEnv };
    if (entry.kind === 'grpc') env.GRPC_PORT = String(port);
    else env.HTTP_PORT = String(port);
    const child = spawn(process.execPath, this.command(name, []), {
      cwd: this.o.built ? path.join(REPO_ROOT, 'dist', name) : REPO_ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const address = `127.0.0.1:${port}`;
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    };
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`${name} replica exited with ${child.exitCode} during start`);
      const ready =
        entry.kind === 'http'
          ? await fetch(`http://${address}/healthz`).then(
              (r) => r.ok,
              () => false,
            )
          : (await healthStatus(address).catch(() => 'UNKNOWN')) === 'SERVING';
      if (ready) return { address, stop };
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} replica did not become ready within 90 s`);
      }
      await sleep(250);
    }
  }

  private exitedOnItsOwn(r: Running, code: number | null, signal: NodeJS.Signals | null): void {
    if (r.stopping || this.stopped || this.running.get(r.entry.name as ServiceName) !== r) return;
    this.o.onExit?.(r.entry.name as ServiceName, code, signal);
    if (!this.o.restart) return;
    // Started again after a pause, with the same settings; a failure to start is reported the same way.
    void sleep(1000).then(() => {
      if (this.stopped || this.running.get(r.entry.name as ServiceName) !== r) return;
      this.startService(r.entry.name as ServiceName, r.extraEnv, r.nodeArgs).catch(() => {});
    });
  }

  async isReady(name: ServiceName): Promise<boolean> {
    const entry = SERVICES.find((s) => s.name === name)!;
    if (entry.kind === 'http') {
      try {
        return (await fetch(`http://${this.address(name)}/healthz`)).ok;
      } catch {
        return false;
      }
    }
    return (await healthStatus(this.address(name)).catch(() => 'UNKNOWN')) === 'SERVING';
  }

  /**
   * Sends a signal and waits for the process to end; resolves with its exit code (null when a
   * signal ended it). A process that has already ended, whether by exit or by a signal, is not
   * waited for.
   */
  async stopService(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    const r = this.running.get(name);
    if (!r) return null;
    r.stopping = true;
    this.running.delete(name);
    if (r.child.exitCode !== null || r.child.signalCode !== null) return r.child.exitCode;
    r.child.kill(signal);
    const timer = setTimeout(() => r.child.kill('SIGKILL'), timeoutMs);
    const { code } = await r.exited;
    clearTimeout(timer);
    return code;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const s of [...startOrder()].reverse().filter((x) => x.dependsOn.length > 0))
      await this.stopService(s.name as ServiceName).catch(() => {});
    await Promise.all([...this.running.keys()].map((s) => this.stopService(s).catch(() => {})));
    await this.broker?.stop().catch(() => {});
    await this.idp?.stop().catch(() => {});
    for (const l of this.logs) l.end();
  }
}

export { healthStatus };
