/**
 * What can be checked of the deployment files without helm, kubectl, a cluster or Docker:
 * that every YAML/JSON file parses, and that the charts and infra/ agree with the code they
 * deploy (the service registry, each service's configuration schema, Kafka topics, roles and
 * claims, metrics). The code is imported, not read as text; nothing is started and nothing goes
 * over the network.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { authConfigShape, ROLES, TOKEN_CLAIMS } from '@thuocdo/kit';
import { Events, httpApi } from '@thuocdo/proto';
import { addressVariable, service as entryOf, SERVICES } from '@thuocdo/registry';
import { registry as metricsRegistry, TELEMETRY_ENV } from '@thuocdo/telemetry';
import { parse, parseAllDocuments } from 'yaml';
import type { z } from 'zod';

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

/** Recursive merge as Helm does for a subchart: b's keys over a's. */
function merge(a: unknown, b: unknown): unknown {
  if (!isObj(a) || !isObj(b)) return b === undefined ? a : b;
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) out[k] = merge(a[k], v);
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

const services = SERVICES.map((s) => s.name).sort();

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
/** A service's values as the subchart sees them: its defaults, the umbrella's block, globals. */
const effective = (service: string): Obj => merge(merge(serviceDefaults, umbrella[service]), { global: umbrella.global ?? {} }) as Obj;

/** Variables the generic chart sets itself, by protocol (from ports and shutdownGraceSeconds). */
const INJECTED: Record<string, string[]> = {
  grpc: ['OTEL_SERVICE_NAME', 'GRPC_PORT', 'METRICS_PORT', 'SHUTDOWN_GRACE_SECONDS'],
  http: ['OTEL_SERVICE_NAME', 'HTTP_PORT', 'METRICS_PORT', 'SHUTDOWN_GRACE_SECONDS'],
};
const PORT_VARS: Record<string, string> = { grpc: 'GRPC_PORT', http: 'HTTP_PORT', metrics: 'METRICS_PORT' };

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

  it('templates have balanced {{ }} and as many ends as if/range/with/define', () => {
    for (const f of [...walk(`${SERVICE_CHART}/templates`), ...walk(`${UMBRELLA}/templates`)]) {
      const t = read(f);
      const count = (re: RegExp) => (t.match(re) ?? []).length;
      expect([f, count(/\{\{/g)]).toEqual([f, count(/\}\}/g)]);
      expect([f, count(/\{\{-?\s*(if|range|with|define)\b/g)]).toEqual([f, count(/\{\{-?\s*end\b/g)]);
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

describe('(a) services and chart entries', () => {
  it('the registry lists exactly the folders under services/ that have src/main.ts', () => {
    const folders = readdirSync(path.join(ROOT, 'services')).filter((d) => existsSync(path.join(ROOT, 'services', d, 'src/main.ts')));
    expect(services).toEqual(folders.sort());
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

  it.each(services)('%s declares a known protocol and only keys the generic chart has', (service) => {
    const values = umbrella[service];
    expect(Object.keys(INJECTED)).toContain(values.protocol);
    const unknown = (v: unknown, defaults: unknown, at: string): string[] => {
      if (!isObj(v) || !isObj(defaults) || Object.keys(defaults).length === 0) return [];
      return Object.entries(v).flatMap(([k, x]) => (k in defaults ? unknown(x, defaults[k], `${at}.${k}`) : [`${at}.${k}`]));
    };
    expect(unknown(values, serviceDefaults, service)).toEqual([]);
  });
});

describe('(b) environment variables against config.ts', () => {
  it('the chart sets the variables the test assumes it sets', () => {
    const deployment = read(`${SERVICE_CHART}/templates/deployment.yaml`);
    for (const name of new Set(Object.values(INJECTED).flat()))
      expect([name, deployment.includes(`- name: ${name}`)]).toEqual([name, true]);
  });

  it('global env holds only variables every service reads', () => {
    const global = Object.keys(umbrella.global?.env ?? {});
    expect(global.length).toBeGreaterThan(0);
    for (const service of services) {
      const vars = serviceConfig(service);
      for (const name of global) expect([service, name, vars.has(name) || telemetryVars.has(name)]).toEqual([service, name, true]);
    }
  });

  it.each(services)('%s: every variable set in values is read by the service', (service) => {
    const v = effective(service);
    const vars = serviceConfig(service);
    const set = [...Object.keys(v.env ?? {}), ...Object.keys(v.secretEnv ?? {}), ...INJECTED[v.protocol]];
    const unknown = set.filter((name) => !vars.has(name) && !telemetryVars.has(name));
    expect(unknown).toEqual([]);
  });

  it.each(services)('%s: every required variable is provided (env or secret)', (service) => {
    const v = effective(service);
    const provided = new Set([
      ...Object.keys(v.global?.env ?? {}),
      ...Object.keys(v.env ?? {}),
      ...Object.keys(v.secretEnv ?? {}),
      ...INJECTED[v.protocol],
    ]);
    const missing = [...serviceConfig(service)].filter(([name, c]) => c.required && !provided.has(name)).map(([name]) => name);
    expect(missing).toEqual([]);
  });

  it.each(services)('%s: credentials come from Secrets, not from the ConfigMap', (service) => {
    const v = effective(service);
    const plain = [...Object.keys(v.global?.env ?? {}), ...Object.keys(v.env ?? {})];
    expect(plain.filter((name) => /(DATABASE_URL|CLICKHOUSE_URL|SECRET|PASSWORD|TOKEN)/.test(name))).toEqual([]);
    for (const [name, ref] of Object.entries<Obj>(v.secretEnv ?? {})) {
      expect([name, typeof ref.key, typeof (ref.secret ?? v.existingSecret)]).toEqual([name, 'string', 'string']);
    }
  });
});

describe('(c) ports against the registry and config.ts', () => {
  it.each(services)("%s: ports in values are the registry's and the defaults of config.ts", (service) => {
    const v = effective(service);
    const vars = serviceConfig(service);
    const mainPort = v.protocol === 'grpc' ? 'grpc' : 'http';
    expect(v.protocol).toBe(entryOf(service).kind);
    for (const key of [mainPort, 'metrics']) {
      const variable = PORT_VARS[key];
      const registered = key === 'metrics' ? entryOf(service).ports.metrics : entryOf(service).ports.main;
      expect([service, variable, v.ports?.[key]]).toEqual([service, variable, registered]);
      expect([service, variable, vars.get(variable)?.defaultValue]).toEqual([service, variable, registered]);
    }
    // The block sets its own ports; falling back to the generic chart's defaults would be luck.
    expect(umbrella[service].ports?.[mainPort]).toBeDefined();
    expect(umbrella[service].ports?.metrics).toBeDefined();
  });

  it('the gateway has the address of every service it depends on, at its gRPC port', () => {
    const env = effective('gateway').env ?? {};
    const deps = entryOf('gateway').dependsOn;
    expect(deps.length).toBeGreaterThan(0);
    for (const target of deps) expect([target, env[addressVariable(target)]]).toEqual([target, `${target}:${entryOf(target).ports.main}`]);
  });

  it.each(services)('%s: pods get longer to stop than the process takes to drain', (service) => {
    const v = effective(service);
    expect(v.terminationGracePeriodSeconds).toBeGreaterThan(v.shutdownGraceSeconds + v.preStopSleepSeconds);
  });

  it('network policies name only existing services as callers', () => {
    for (const service of services) {
      for (const caller of effective(service).networkPolicy?.allowFrom ?? []) expect(services).toContain(caller);
    }
  });

  it('analytics is called by the gateway only', () => {
    expect(effective('analytics').networkPolicy.allowFrom).toEqual(['gateway']);
    expect(effective('analytics').networkPolicy.extraFrom ?? []).toEqual([]);
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

  it('KAFKA_BROKERS points at the bootstrap Service of that cluster', () => {
    for (const service of services) {
      const brokers = effective(service).env?.KAFKA_BROKERS;
      if (brokers !== undefined) expect(brokers).toMatch(/^thuocdo-kafka-bootstrap\./);
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

  it('thuocdo-integrator is a service account with the integrator role', () => {
    const integrator = client('thuocdo-integrator');
    expect(integrator).toMatchObject({ publicClient: false, serviceAccountsEnabled: true, standardFlowEnabled: false });
    const account = realm.users.find((u: Obj) => u.serviceAccountClientId === 'thuocdo-integrator');
    expect(account.realmRoles).toContain('integrator');
    expect(account.attributes.tenant?.[0]).toBeTruthy();
  });

  it('both clients put the claims the kit reads and the audience into access tokens', () => {
    expect(claims.sort()).toEqual(expect.arrayContaining(['agency_id', 'official_id', 'tenant']));
    for (const id of ['thuocdo-web', 'thuocdo-integrator']) {
      const mappers: Obj[] = client(id).protocolMappers;
      for (const claim of claims) {
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
    const env = effective('gateway').env;
    const web = client(env.OIDC_CLIENT_ID);
    expect(web).toBeDefined();
    expect(web.redirectUris).toContain(`${env.PUBLIC_URL}/auth/callback`);
    expect(umbrella.global.env.AUTH_ISSUER).toMatch(new RegExp(`/realms/${realm.realm}$`));
  });
});

describe('(f) templates reference existing values', () => {
  /** Every .Values path in a template. */
  const refs = (rel: string) => [...read(rel).matchAll(/\.Values((?:\.[A-Za-z_][A-Za-z0-9_]*)+)/g)].map((m) => m[1].slice(1).split('.'));

  /** Follows a path; an empty mapping is free-form (env, annotations), anything deeper is fine. */
  function resolves(values: Obj, segments: string[]): boolean {
    let node: unknown = values;
    for (const s of segments) {
      if (!isObj(node)) return false;
      if (!(s in node)) return Object.keys(node).length === 0;
      node = node[s];
    }
    return true;
  }

  it('the generic chart: every .Values path exists in its values.yaml', () => {
    const files = walk(`${SERVICE_CHART}/templates`);
    const all = files.flatMap((f) => refs(f).map((r) => [f, r.join('.')] as const));
    expect(all.length).toBeGreaterThan(20);
    expect(all.filter(([, r]) => !resolves(serviceDefaults, r.split('.')))).toEqual([]);
  });

  it('the generic chart: every top-level value is used by a template', () => {
    const used = new Set(walk(`${SERVICE_CHART}/templates`).flatMap((f) => refs(f).map((r) => r[0])));
    expect(Object.keys(serviceDefaults).filter((k) => !used.has(k))).toEqual([]);
  });

  it('the umbrella chart: every .Values path exists in its values (subchart defaults merged)', () => {
    const values = { ...umbrella } as Obj;
    for (const service of services) values[service] = merge(serviceDefaults, umbrella[service]);
    const all = walk(`${UMBRELLA}/templates`).flatMap((f) => refs(f).map((r) => r.join('.')));
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((r) => !resolves(values, r.split('.')))).toEqual([]);
  });
});

describe('image and pod security', () => {
  const dockerfile = read('Dockerfile');

  it('the pods run as the image user, non-root, read-only, without capabilities', () => {
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(dockerfile);
    expect(user).not.toBeNull();
    const pod = serviceDefaults.podSecurityContext;
    const container = serviceDefaults.securityContext;
    expect(pod).toMatchObject({ runAsNonRoot: true, runAsUser: Number(user![1]), seccompProfile: { type: 'RuntimeDefault' } });
    expect(container).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  it('the Dockerfile builds on Node 20 with the dynamically linked Kafka client', () => {
    expect(dockerfile).toMatch(/node:20-bookworm-slim/);
    expect(dockerfile).toMatch(/CKJS_LINKING=dynamic/);
    expect(dockerfile).toMatch(/ARG SERVICE/);
    expect(dockerfile).toMatch(/node --import tsx "?services\/\$\{SERVICE\}\/src\/main\.ts/);
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
      'services/web/public/index.html',
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
