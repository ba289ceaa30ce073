import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { credentials, loadPackageDefinition } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { type DemoUser, LocalIdentityProvider, type OidcClient } from './idp';
import { type BrokerProcess, spawnLocalBroker } from './kafka-broker';
import { freePort } from './ports';

export const REPO_ROOT = path.resolve(__dirname, '../../..');

export const GRPC_SERVICES = ['org', 'catalog', 'worklog', 'analytics'] as const;
export type GrpcServiceName = (typeof GRPC_SERVICES)[number];
export type ServiceName = GrpcServiceName | 'gateway';

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
}

interface Running {
  name: ServiceName;
  child: ChildProcess;
  port: number;
  env: Record<string, string>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The whole platform on this machine: the local Kafka broker, the local identity provider,
 * every service as its own process. Used by `npm run up` and by the end-to-end tests.
 */
export class Platform {
  private readonly running = new Map<ServiceName, Running>();
  private readonly logs: WriteStream[] = [];
  broker!: BrokerProcess;
  idp!: LocalIdentityProvider;
  private ports = new Map<ServiceName, number>();
  private metricsPorts = new Map<ServiceName, number>();

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
    for (const name of [...GRPC_SERVICES, 'gateway'] as ServiceName[]) {
      this.ports.set(name, this.o.ports?.[name] ?? (await freePort()));
      this.metricsPorts.set(name, await freePort());
    }
    // The gateway's callback is the one redirect the identity provider accepts.
    const callback = `http://127.0.0.1:${this.ports.get('gateway')}/auth/callback`;
    this.idp = await LocalIdentityProvider.start({
      port: this.o.ports?.idp ?? 0,
      users: this.o.users,
      clients: this.o.clients.map((c) => ({ ...c, redirectUris: c.redirectUris ?? [callback] })),
    });
    await Promise.all(GRPC_SERVICES.map((s) => this.startService(s)));
    await this.startService('gateway');
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

  private envFor(name: ServiceName): Record<string, string> {
    const common = {
      LOG_LEVEL: 'info',
      AUTH_ISSUER: this.idp.issuer,
      KAFKA_BROKERS: this.broker.brokers,
      METRICS_PORT: String(this.metricsPorts.get(name)),
      OTEL_SERVICE_NAME: name,
      SHUTDOWN_GRACE_SECONDS: '10',
    };
    const port = String(this.ports.get(name));
    switch (name) {
      case 'analytics':
        return { ...common, GRPC_PORT: port, CHDB_PATH: this.o.chdbPath };
      case 'gateway':
        return {
          ...common,
          HTTP_PORT: port,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
          ORG_ADDR: this.address('org'),
          CATALOG_ADDR: this.address('catalog'),
          WORKLOG_ADDR: this.address('worklog'),
          ANALYTICS_ADDR: this.address('analytics'),
          OIDC_CLIENT_ID: this.o.clients[0]?.clientId ?? 'thuocdo-web',
          OIDC_CLIENT_SECRET: this.o.clients[0]?.clientSecret ?? '',
        };
      default:
        return { ...common, GRPC_PORT: port, DATABASE_URL: this.databaseUrl(name) };
    }
  }

  /** Starts one service and waits until it answers (gRPC health SERVING, or gateway /healthz). */
  async startService(name: ServiceName, extraEnv: Record<string, string> = {}, nodeArgs: string[] = []): Promise<void> {
    const env = { ...this.envFor(name), ...this.o.env, ...extraEnv };
    const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', path.join(REPO_ROOT, `services/${name}/src/main.ts`)], {
      cwd: REPO_ROOT,
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
    let exited: number | null = null;
    child.once('exit', (code) => {
      exited = code ?? -1;
    });
    this.running.set(name, { name, child, port: this.ports.get(name)!, env });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline) {
      if (exited !== null) throw new Error(`${name} exited with ${exited} during start`);
      if (await this.isReady(name)) return;
      await sleep(250);
    }
    throw new Error(`${name} did not become ready within 90 s`);
  }

  async isReady(name: ServiceName): Promise<boolean> {
    if (name === 'gateway') {
      try {
        return (await fetch(`${this.gatewayUrl}/healthz`)).ok;
      } catch {
        return false;
      }
    }
    return (await healthStatus(this.address(name)).catch(() => 'UNKNOWN')) === 'SERVING';
  }

  /** Sends a signal and waits for the process to end. */
  async stopService(name: ServiceName, signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    const r = this.running.get(name);
    if (!r) return null;
    this.running.delete(name);
    if (r.child.exitCode !== null) return r.child.exitCode;
    const done = new Promise<number | null>((resolve) => r.child.once('exit', (code) => resolve(code)));
    r.child.kill(signal);
    const timer = setTimeout(() => r.child.kill('SIGKILL'), timeoutMs);
    const code = await done;
    clearTimeout(timer);
    return code;
  }

  async stop(): Promise<void> {
    await this.stopService('gateway').catch(() => {});
    await Promise.all(GRPC_SERVICES.map((s) => this.stopService(s).catch(() => {})));
    await this.broker?.stop().catch(() => {});
    await this.idp?.stop().catch(() => {});
    for (const l of this.logs) l.end();
  }
}

let healthCtor: any;

/** grpc.health.v1 Check of the whole server (service ""). */
export function healthStatus(address: string, service = ''): Promise<string> {
  healthCtor ??= (loadPackageDefinition(loadSync(healthProtoPath, { enums: String })) as any).grpc.health.v1.Health;
  const client = new healthCtor(address, credentials.createInsecure());
  return new Promise((resolve, reject) => {
    client.check({ service }, { deadline: new Date(Date.now() + 1000) }, (err: Error | null, res: { status: string }) => {
      client.close();
      err ? reject(err) : resolve(res.status);
    });
  });
}
