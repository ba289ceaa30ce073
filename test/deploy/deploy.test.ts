/**
 * What can be checked of the deployment files without helm, kubectl, a cluster or Docker:
 * that every YAML/JSON file parses, and that the charts and infra/ agree with the code they
 * deploy (the service registry, each service's configuration schema, Kafka topics, roles and
 * claims, metrics). The code is imported, not read as text; nothing is started and nothing goes
 * over the network.
 */
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { authConfigShape, ROLES, SERVICE_ACCOUNT_CLAIM, TOKEN_CLAIMS } from '@thuocdo/kit';
import { Events, httpApi } from '@thuocdo/proto';
import { addressVariable, SERVICES, type ServiceName, service } from '@thuocdo/registry';
import { registry as metricsRegistry, TELEMETRY_ENV } from '@thuocdo/telemetry';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';
import { render } from './helm';

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => readFileSync(path.join(ROOT, rel), 'utf8');

type Obj = Record<string, any>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Files under a folder of the repository, as repository-relative paths. */
function walk(rel: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(ROOT, rel), { withFileTypes: true })) {
    const child = `${rel}/${entry.name}`;
    if (entry.isDirectory()) out.push(...walk(child));
    else out.push(child);
  }
  return out.sort();
}

function yamlFile(rel: string): Obj {
  const value = parse(read(rel));
  if (!isObj(value)) throw new Error(`${rel}: not a YAML mapping`);
  return value;
}

function yamlDocs(rel: string): Obj[] {
  const docs = parseAllDocuments(read(rel));
  const out: Obj[] = [];
  for (const doc of docs) {
    if (doc.errors.length) throw new Error(`${rel}: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value !== null && value !== undefined) out.push(value);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The code, as it is: the service registry and each service's configuration schema

/** What a service's config schema says of a variable: required, or its default. */
interface ConfigVar {
  required: boolean;
  defaultValue?: unknown;
}

/** Every variable a service reads, from its zod schema (services/<name>/src/config.ts). */
function serviceConfig(service: string): Map<string, ConfigVar> {
  const { configSchema } = require(path.join(ROOT, 'services', service, 'src/config.ts')) as { configSchema: z.ZodObject<z.ZodRawShape> };
  const vars = new Map<string, ConfigVar>();
  for (const [name, schema] of Object.entries(configSchema.shape)) {
    const r = (schema as z.ZodType).safeParse(undefined);
    vars.set(name, { required: !r.success, defaultValue: r.success ? r.data : undefined });
  }
  return vars;
}

const services: string[] = SERVICES.map((s) => s.name).sort();
const entryOf = (name: string) => service(name as ServiceName);

/** Variables read straight from the environment by the telemetry package (the OTel exporter). */
const telemetryVars = new Set<string>(TELEMETRY_ENV);

// ---------------------------------------------------------------------------------------------
// The charts

const SERVICE_CHART = 'charts/thuocdo-service';
const UMBRELLA = 'charts/thuocdo';
const serviceDefaults = yamlFile(`${SERVICE_CHART}/values.yaml`);
const umbrellaChart = yamlFile(`${UMBRELLA}/Chart.yaml`);
const umbrella = yamlFile(`${UMBRELLA}/values.yaml`);
const serviceBlocks = Object.keys(umbrella)
  .filter((k) => isObj(umbrella[k]) && 'protocol' in umbrella[k])
  .sort();
// ---------------------------------------------------------------------------------------------

describe('parsing', () => {
  const chartYaml = walk('charts').filter((f) => !f.includes('/templates/') && /(^|\/)(Chart|values[^/]*)\.yaml$/.test(f));
  const infraYaml = walk('infra').filter((f) => /\.ya?ml$/.test(f));
  const infraJson = walk('infra').filter((f) => f.endsWith('.json'));

  it('finds the files it is meant to check', () => {
    expect(chartYaml).toEqual(
      expect.arrayContaining([
        `${SERVICE_CHART}/Chart.yaml`,
        `${SERVICE_CHART}/values.yaml`,
        `${UMBRELLA}/Chart.yaml`,
        `${UMBRELLA}/values.yaml`,
      ]),
    );
    expect(infraYaml.length).toBeGreaterThanOrEqual(4);
    expect(infraJson.length).toBeGreaterThanOrEqual(2);
  });

  it.each(chartYaml)('%s is one YAML mapping', (f) => {
    expect(yamlDocs(f)).toHaveLength(1);
    expect(isObj(yamlFile(f))).toBe(true);
  });

  it.each(infraYaml)('%s parses, every document a mapping', (f) => {
    const docs = yamlDocs(f);
    expect(docs.length).toBeGreaterThan(0);
    for (const d of docs) expect(isObj(d)).toBe(true);
  });

  it.each(infraJson)('%s is valid JSON', (f) => {
    expect(() => JSON.parse(read(f))).not.toThrow();
  });

  it('every Kubernetes document under infra/ has apiVersion, kind and metadata.name', () => {
    for (const f of infraYaml.filter((x) => !x.startsWith('infra/otel/'))) {
      for (const d of yamlDocs(f)) {
        expect([f, typeof d.apiVersion, typeof d.kind, typeof d.metadata?.name]).toEqual([f, 'string', 'string', 'string']);
      }
    }
  });
});

describe('configuration schemas (used by the checks below)', () => {
  it.each(services)('reads the config of %s', (service) => {
    const vars = serviceConfig(service);
    expect(vars.get('OTEL_SERVICE_NAME')).toEqual({ required: false, defaultValue: service });
    expect(vars.get('METRICS_PORT')?.defaultValue).toBe(entryOf(service).ports.metrics);
  });
});

describe('(a) the service registry and the charts', () => {
  it('the registry lists exactly the folders under services/ that have src/main.ts', () => {
    const folders = readdirSync(path.join(ROOT, 'services')).filter((d) => existsSync(path.join(ROOT, 'services', d, 'src/main.ts')));
    expect(services).toEqual(folders.sort());
  });

  it('the umbrella chart and its values are in line with the registry (npm run gen:helm)', () => {
    const { generate } = require(path.join(ROOT, 'scripts/gen/helm-values.ts')) as { generate: () => Record<string, string> };
    const fresh = generate();
    expect(read(`${UMBRELLA}/Chart.yaml`)).toBe(fresh['Chart.yaml']);
    expect(read(`${UMBRELLA}/values.yaml`)).toBe(fresh['values.yaml']);
  });

  it('the README lists every variable a service reads, and no other', () => {
    const readme = read('README.md');
    const table = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('## APIs'));
    const listed = new Set(
      table
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]*)`/g)].map((m) => m[1])),
    );
    const read_ = new Set([...services.flatMap((s) => [...serviceConfig(s).keys()]), ...telemetryVars]);
    expect([...read_].filter((v) => !listed.has(v) && v !== 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT').sort()).toEqual([]);
    expect([...listed].filter((v) => !read_.has(v)).sort()).toEqual([]);
  });

  it('every service has a values block in charts/thuocdo, and every block is a service', () => {
    expect(serviceBlocks).toEqual(services);
  });

  it('the umbrella chart depends on the generic chart once per service, by alias', () => {
    const generic = yamlFile(`${SERVICE_CHART}/Chart.yaml`);
    const deps: Obj[] = umbrellaChart.dependencies ?? [];
    expect(deps.map((d) => d.alias).sort()).toEqual(services);
    for (const d of deps) {
      expect([d.alias, d.name, d.repository, d.version]).toEqual([d.alias, generic.name, 'file://../thuocdo-service', generic.version]);
    }
  });

  it.each(services)('%s sets only keys the generic chart has', (service) => {
    const unknown = (v: unknown, defaults: unknown, at: string): string[] => {
      if (!isObj(v) || !isObj(defaults) || Object.keys(defaults).length === 0) return [];
      return Object.entries(v).flatMap(([k, x]) => (k in defaults ? unknown(x, defaults[k], `${at}.${k}`) : [`${at}.${k}`]));
    };
    expect(unknown(umbrella[service], serviceDefaults, service)).toEqual([]);
  });
});

describe('(b) the rendered platform (helm template charts/thuocdo)', () => {
  const chart = render(path.join(ROOT, UMBRELLA));
  const deployment = (s: string) => chart.get('Deployment', s);
  const container = (s: string) => deployment(s).spec.template.spec.containers[0];
  /** Every variable the pod's process gets: the ConfigMap's and the container's own. */
  const podEnv = (s: string) => {
    const c = container(s);
    const fromConfigMaps = (c.envFrom ?? []).flatMap((e: Obj) => Object.keys(chart.get('ConfigMap', e.configMapRef.name).data ?? {}));
    return {
      plain: new Map<string, string>([
        ...Object.entries<string>(chart.get('ConfigMap', s).data ?? {}),
        ...(c.env ?? []).filter((e: Obj) => 'value' in e).map((e: Obj) => [e.name, e.value] as [string, string]),
      ]),
      secret: (c.env ?? []).filter((e: Obj) => e.valueFrom?.secretKeyRef).map((e: Obj) => e.name as string),
      all: new Set<string>([...fromConfigMaps, ...(c.env ?? []).map((e: Obj) => e.name)]),
    };
  };

  it('renders a Deployment, Service, ConfigMap and ServiceAccount for every service, and nothing unknown', () => {
    for (const s of services)
      for (const kind of ['Deployment', 'Service', 'ConfigMap', 'ServiceAccount']) expect(() => chart.get(kind, s)).not.toThrow();
    const names = new Set(chart.objects.map((o) => o.metadata.name));
    expect([...names].filter((n) => !services.includes(n))).toEqual([]);
  });

  it.each(services)('%s: every variable the pod gets is one the service reads', (service) => {
    const vars = serviceConfig(service);
    expect([...podEnv(service).all].filter((name) => !vars.has(name) && !telemetryVars.has(name))).toEqual([]);
  });

  it.each(services)('%s: every required variable is provided', (service) => {
    const env = podEnv(service).all;
    expect([...serviceConfig(service)].filter(([name, c]) => c.required && !env.has(name)).map(([name]) => name)).toEqual([]);
  });

  it.each(services)('%s: every plain value parses as the service config says, and credentials come from Secrets', (service) => {
    const env = podEnv(service);
    const { configSchema } = require(path.join(ROOT, 'services', service, 'src/config.ts')) as { configSchema: z.ZodType };
    const placeholders = Object.fromEntries(
      env.secret.map((name: string) => [
        name,
        name.endsWith('_URL') ? 'postgres://x@db:5432/thuocdo_x' : 'a-secret-from-a-kubernetes-secret-0123456789',
      ]),
    );
    const parsed = configSchema.safeParse({ ...Object.fromEntries(env.plain), ...placeholders });
    expect(parsed.success ? [] : parsed.error.issues.map((i) => `${String(i.path[0])}: ${i.message}`)).toEqual([]);
    expect([...env.plain.keys()].filter((name) => /(DATABASE_URL|CLICKHOUSE_URL|SECRET|PASSWORD|TOKEN)/.test(name))).toEqual([]);
  });

  it.each(services)("%s: ports of the container, the process and the Service are the registry's", (service) => {
    const entry = entryOf(service);
    const main = entry.kind === 'grpc' ? 'grpc' : 'http';
    const ports = Object.fromEntries(container(service).ports.map((p: Obj) => [p.name, p.containerPort]));
    expect(ports).toEqual({ [main]: entry.ports.main, metrics: entry.ports.metrics });
    const env = podEnv(service).plain;
    expect([env.get(entry.kind === 'grpc' ? 'GRPC_PORT' : 'HTTP_PORT'), env.get('METRICS_PORT')]).toEqual([
      String(entry.ports.main),
      String(entry.ports.metrics),
    ]);
    expect(env.get('OTEL_SERVICE_NAME')).toBe(service);
    const svc = chart.get('Service', service);
    expect(svc.spec.ports.find((p: Obj) => p.name === main)).toMatchObject({ port: entry.ports.main, targetPort: main });
    expect(serviceConfig(service).get(entry.kind === 'grpc' ? 'GRPC_PORT' : 'HTTP_PORT')?.defaultValue).toBe(entry.ports.main);
  });

  it.each(services)('%s: probes fit the protocol, and liveness never follows dependencies', (service) => {
    const c = container(service);
    if (entryOf(service).kind === 'grpc') {
      expect(c.readinessProbe.grpc.port).toBe(entryOf(service).ports.main);
      expect(c.livenessProbe.tcpSocket ?? c.livenessProbe.grpc).toBeDefined();
    } else {
      expect(c.readinessProbe.httpGet).toMatchObject({ path: '/healthz', port: 'http' });
      expect(c.livenessProbe.httpGet).toMatchObject({ path: '/livez', port: 'http' });
    }
  });

  it.each(services)('%s: the pod gets longer to stop than the process may take', (service) => {
    const spec = deployment(service).spec.template.spec;
    const env = podEnv(service).plain;
    const preStop = Number(container(service).lifecycle.preStop.exec.command[1]);
    const timeout = Number(env.get('SHUTDOWN_TIMEOUT_SECONDS'));
    expect(timeout).toBeGreaterThan(Number(env.get('SHUTDOWN_GRACE_SECONDS')));
    expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + timeout);
  });

  it('refuses to render a pod that would be killed before its shutdown ends', () => {
    const tight = path.join(os.tmpdir(), `thuocdo-tight-${process.pid}.yaml`);
    writeFileSync(tight, 'worklog:\n  terminationGracePeriodSeconds: 20\n');
    try {
      expect(() => render(path.join(ROOT, UMBRELLA), [tight])).toThrow(/worklog: terminationGracePeriodSeconds \(20\) must exceed/);
    } finally {
      rmSync(tight, { force: true });
    }
  });

  it.each(services)("%s: the image is the service's own, from the global registry and tag", (service) => {
    expect(container(service).image).toBe(`${umbrella.global.image.registry}/thuocdo/${service}:${umbrella.global.image.tag}`);
  });

  it('the gateway has the address of every service it depends on, and each is a Service at that port', () => {
    const env = podEnv('gateway').plain;
    const deps = entryOf('gateway').dependsOn;
    expect(deps.length).toBeGreaterThan(0);
    for (const target of deps) {
      expect([target, env.get(addressVariable(target))]).toEqual([target, `${target}:${entryOf(target).ports.main}`]);
      expect(chart.get('Service', target).spec.ports.some((p: Obj) => p.port === entryOf(target).ports.main)).toBe(true);
    }
  });

  it('network policies let in only the services that call: the gateway for every gRPC service', () => {
    for (const target of entryOf('gateway').dependsOn) {
      const np = chart.get('NetworkPolicy', target);
      const callers = np.spec.ingress
        .flatMap((rule: Obj) => rule.from ?? [])
        .map((f: Obj) => f.podSelector?.matchLabels?.['app.kubernetes.io/name']);
      expect([target, callers.filter(Boolean)]).toEqual([target, ['gateway']]);
    }
  });

  it("the Ingress sends everything to the gateway's http port", () => {
    const ingress = chart.objects.find((o) => o.kind === 'Ingress')!;
    const backends = ingress.spec.rules.flatMap((r: Obj) => r.http.paths.map((p: Obj) => p.backend.service));
    expect(backends).toEqual([{ name: 'gateway', port: { name: 'http' } }]);
    expect(chart.get('Service', 'gateway').spec.ports.some((p: Obj) => p.name === 'http')).toBe(true);
  });

  it('KAFKA_BROKERS, where a service reads it, points at the bootstrap Service of the Strimzi cluster', () => {
    for (const s of SERVICES.filter((x) => x.produces.length || Object.keys(x.consumes).length))
      expect([s.name, podEnv(s.name).plain.get('KAFKA_BROKERS')]).toEqual([s.name, expect.stringMatching(/^thuocdo-kafka-bootstrap\./)]);
  });

  it('the pods run as the image user, non-root, read-only, without capabilities', () => {
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(read('Dockerfile'));
    expect(user).not.toBeNull();
    for (const s of services) {
      const pod = deployment(s).spec.template.spec.securityContext;
      expect(pod).toMatchObject({ runAsNonRoot: true, runAsUser: Number(user![1]), seccompProfile: { type: 'RuntimeDefault' } });
      expect(container(s).securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        capabilities: { drop: ['ALL'] },
      });
    }
  });
});

describe('(c) the generic chart alone', () => {
  it('renders with its own defaults, and the gRPC defaults give a gRPC readiness probe', () => {
    const alone = render(path.join(ROOT, SERVICE_CHART));
    const c = alone.get('Deployment', 'thuocdo-service').spec.template.spec.containers[0];
    expect(c.readinessProbe.grpc.port).toBe(serviceDefaults.ports.grpc);
  });
});

describe('(d) Kafka topics', () => {
  const eventTopics = Object.values(Events).map((e) => e.topic);
  const groups = SERVICES.flatMap((s) => Object.keys(s.consumes));
  const expected = [...eventTopics, ...groups.map((g) => `${g}.dlq`)].sort();
  const topics = yamlDocs('infra/kafka/topics.yaml').filter((d) => d.kind === 'KafkaTopic');
  const declared = topics.map((d) => d.spec?.topicName ?? d.metadata.name).sort();

  it('finds topics and consumer groups in the code', () => {
    expect(eventTopics.length).toBeGreaterThan(0);
    expect(groups.length).toBeGreaterThan(0);
  });

  it('declares every topic of Events and every <group>.dlq, and nothing else', () => {
    expect(declared).toEqual(expected);
  });

  it('every event is produced by exactly one service, and every consumed event by some service', () => {
    for (const e of Object.values(Events)) expect([e.topic, SERVICES.filter((s) => s.produces.includes(e)).length]).toEqual([e.topic, 1]);
    for (const s of SERVICES)
      for (const types of Object.values(s.consumes)) for (const t of types) expect(SERVICES.some((p) => p.produces.includes(t))).toBe(true);
  });

  it('every topic belongs to the Strimzi cluster and survives one broker down', () => {
    for (const t of topics) {
      expect(t.metadata.labels?.['strimzi.io/cluster']).toBe('thuocdo');
      expect(t.spec.partitions).toBeGreaterThanOrEqual(1);
      expect(t.spec.replicas).toBeGreaterThanOrEqual(3);
      expect(t.spec.config['min.insync.replicas']).toBeLessThan(t.spec.replicas);
    }
  });
});

describe('(e) Keycloak realm', () => {
  const realm = JSON.parse(read('infra/keycloak/realm-thuocdo.json'));
  const roles: string[] = [...ROLES];
  /** Custom claims the token verifier reads (besides the registered JWT claims and realm_access). */
  const claims: string[] = Object.values(TOKEN_CLAIMS);
  const audience = authConfigShape.AUTH_AUDIENCE.parse(undefined);
  const client = (id: string) => realm.clients.find((c: Obj) => c.clientId === id);

  it('is the thuocdo realm and defines every role of the kit', () => {
    expect(realm.realm).toBe('thuocdo');
    expect(roles.length).toBeGreaterThan(0);
    const defined = realm.roles.realm.map((r: Obj) => r.name);
    expect(roles.filter((r) => !defined.includes(r))).toEqual([]);
  });

  it('thuocdo-web is confidential, standard flow only, with PKCE S256', () => {
    const web = client('thuocdo-web');
    expect(web).toMatchObject({
      publicClient: false,
      standardFlowEnabled: true,
      implicitFlowEnabled: false,
      directAccessGrantsEnabled: false,
    });
    expect(web.attributes['pkce.code.challenge.method']).toBe('S256');
  });

  it('thuocdo-integrator is a service account with the integrator role, its token naming the client', () => {
    const integrator = client('thuocdo-integrator');
    expect(integrator).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false });
    const note = integrator.protocolMappers.find((m: Obj) => m.config['claim.name'] === SERVICE_ACCOUNT_CLAIM);
    expect([note?.protocolMapper, note?.config['user.session.note'], note?.config['access.token.claim']]).toEqual([
      'oidc-usersessionmodel-note-mapper',
      'client_id',
      'true',
    ]);
    const account = realm.users.find((u: Obj) => u.serviceAccountClientId === 'thuocdo-integrator');
    expect(account.realmRoles).toContain('integrator');
    expect(account.attributes.tenant?.[0]).toBeTruthy();
  });

  it('both clients put the claims the kit reads and the audience into access tokens', () => {
    expect(claims.sort()).toEqual(['official_id', 'tenant']);
    const userClaims: Record<string, string[]> = { 'thuocdo-web': claims, 'thuocdo-integrator': ['tenant'] };
    for (const id of ['thuocdo-web', 'thuocdo-integrator']) {
      const mappers: Obj[] = client(id).protocolMappers;
      for (const claim of userClaims[id]) {
        const m = mappers.find((x) => x.protocolMapper === 'oidc-usermodel-attribute-mapper' && x.config['claim.name'] === claim);
        expect([id, claim, m?.config['access.token.claim']]).toEqual([id, claim, 'true']);
      }
      const aud = mappers.find((x) => x.protocolMapper === 'oidc-audience-mapper');
      expect([id, aud?.config['included.custom.audience'], aud?.config['access.token.claim']]).toEqual([id, audience, 'true']);
    }
  });

  it('the user profile declares the claim attributes, editable by administrators only', () => {
    const provider = realm.components['org.keycloak.userprofile.UserProfileProvider'][0];
    const profile = JSON.parse(provider.config['kc.user.profile.config'][0]);
    for (const claim of claims) {
      const attribute = profile.attributes.find((a: Obj) => a.name === claim);
      expect([claim, attribute?.permissions?.edit]).toEqual([claim, ['admin']]);
    }
  });

  it('the gateway client and redirect URI match the gateway values', () => {
    const env = umbrella.gateway.env;
    const web = client(env.OIDC_CLIENT_ID);
    expect(web).toBeDefined();
    expect(web.redirectUris).toContain(`${env.PUBLIC_URL}/auth/callback`);
    expect(umbrella.global.env.AUTH_ISSUER).toMatch(new RegExp(`/realms/${realm.realm}$`));
  });
});

describe('image', () => {
  const dockerfile = read('Dockerfile');

  it('the Dockerfile builds each service with the production build and runs it with node alone', () => {
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
    expect(dockerfile).toMatch(/CKJS_LINKING=dynamic/);
    expect(dockerfile).toMatch(/ARG SERVICE/);
    expect(dockerfile).toMatch(/node --import tsx scripts\/build\.ts "\$\{SERVICE\}" --copy/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist\/\$\{SERVICE\}\/ \/app\//);
    expect(dockerfile).toMatch(/^CMD \["node", "main\.js"\]$/m);
    expect(dockerfile).not.toMatch(/^CMD.*tsx/m);
  });

  it('.dockerignore keeps what the services read at runtime', () => {
    const patterns = read('.dockerignore')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith('!'));
    const toRegex = (p: string) =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*\*\//g, '(?:.*/)?')
          .replace(/\*/g, '[^/]*')}(?:/.*)?$`,
      );
    const excluded = (file: string) => patterns.some((p) => toRegex(p).test(file));
    expect(excluded('node_modules/x')).toBe(true); // the matcher itself works
    const needed = [
      'package.json',
      'package-lock.json',
      'proto/thuocdo/common',
      'packages/db/migrations',
      'packages/kit/src/index.ts',
      'scripts/build.ts',
      'services/web/dist/index.html',
      ...services.flatMap((s) => [`services/${s}/src/main.ts`, `services/${s}/package.json`]),
      ...services.filter((s) => existsSync(path.join(ROOT, 'services', s, 'migrations'))).map((s) => `services/${s}/migrations`),
    ];
    expect(needed.filter(excluded)).toEqual([]);
  });
});

describe('telemetry and load files', () => {
  const collector = yamlFile('infra/otel/collector.yaml');

  it('collector pipelines use only defined receivers, processors and exporters', () => {
    const pipelines = Object.values<Obj>(collector.service.pipelines);
    expect(pipelines.length).toBeGreaterThan(0);
    for (const p of pipelines) {
      for (const kind of ['receivers', 'processors', 'exporters']) {
        for (const name of p[kind] ?? []) expect([kind, name, name in (collector[kind] ?? {})]).toEqual([kind, name, true]);
      }
    }
  });

  it('the services export traces to the collector OTLP/HTTP port', () => {
    const endpoint = new URL(umbrella.global.env.OTEL_EXPORTER_OTLP_ENDPOINT);
    expect(collector.receivers.otlp.protocols.http.endpoint).toMatch(new RegExp(`:${endpoint.port}$`));
  });

  it('the dashboard uses only metrics the code exposes, and the label the collector adds', () => {
    const dashboard = JSON.parse(read('infra/grafana/dashboards/thuocdo-services.json'));
    const exprs: string[] = dashboard.panels.flatMap((p: Obj) => (p.targets ?? []).map((t: Obj) => t.expr));
    const variables: string[] = dashboard.templating.list.filter((v: Obj) => v.type === 'query').map((v: Obj) => v.definition);
    const used = new Set([
      ...exprs.flatMap((e) => [...e.matchAll(/([a-z_][a-z0-9_]*)\{/g)].map((m) => m[1])),
      ...variables.flatMap((e) => [...e.matchAll(/label_values\(([a-z_][a-z0-9_]*)/g)].map((m) => m[1])),
    ]);
    // The modules that register the platform's metrics, loaded for their registrations.
    require('@thuocdo/service');
    require('@thuocdo/messaging');
    require(path.join(ROOT, 'services/gateway/src/http-metrics.ts'));
    const registered = new Set(metricsRegistry.getMetricsAsArray().map((m) => m.name));
    const promClient = path.dirname(require.resolve('prom-client/package.json'));
    const defaults = new Set(
      readdirSync(path.join(promClient, 'lib/metrics'))
        .filter((f) => f.endsWith('.js'))
        .flatMap((f) =>
          [...readFileSync(path.join(promClient, 'lib/metrics', f), 'utf8').matchAll(/'((?:process|nodejs)_[a-z0-9_]+)'/g)].map(
            (m) => m[1],
          ),
        ),
    );
    expect(registered.size).toBeGreaterThan(0);
    expect(used.size).toBeGreaterThan(5);
    const unknown = [...used].filter((name) => !registered.has(name.replace(/_(bucket|count|sum)$/, '')) && !defaults.has(name));
    expect(unknown).toEqual([]);
    const relabels: Obj[] = collector.receivers.prometheus.config.scrape_configs.flatMap((s: Obj) => s.relabel_configs ?? []);
    expect(relabels.some((r) => r.target_label === 'service')).toBe(true);
  });

  it('the k6 script posts to the LogWork route only fields of LogWorkRequest, none deprecated', () => {
    const script = read('infra/load/logwork.k6.js');
    const route = httpApi.HTTP_ROUTES.find((r) => r.method === 'LogWork')!;
    expect(script).toContain(`/api${route.template}`);
    const start = script.indexOf('const body = JSON.stringify({');
    const body = script.slice(start, script.indexOf('});', start));
    const sent = [...body.matchAll(/^\s*([a-z_]+):/gm)].map((m) => m[1]);
    const fields = new Map(httpApi.MESSAGES[route.request].map((f) => [f.name, f]));
    expect(sent.length).toBeGreaterThan(3);
    expect(sent.filter((f) => !fields.has(f) || fields.get(f)!.deprecated)).toEqual([]);
  });
});
