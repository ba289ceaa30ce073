/**
 * What can be checked of the deployment files without helm, kubectl, a cluster or Docker:
 * that every YAML/JSON file parses, and that the charts and infra/ agree with the code they
 * deploy (services, environment variables, ports, Kafka topics, roles and claims, metrics).
 * The code is read as text; nothing is started and nothing goes over the network.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

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
// The code, read as text

/** Variables of a zod config shape: name → expression text. Spreads are listed separately. */
function parseShape(block: string): { vars: Map<string, string>; spreads: string[] } {
  const vars = new Map<string, string>();
  const spreads: string[] = [];
  let current: string | undefined;
  for (const line of block.split('\n')) {
    const t = line.trim();
    if (!t || t.startsWith('//') || t.startsWith('/*') || t.startsWith('*')) continue;
    const spread = /^\.\.\.(\w+),?$/.exec(t);
    if (spread) {
      spreads.push(spread[1]);
      current = undefined;
      continue;
    }
    const start = /^([A-Z][A-Z0-9_]*):\s*(.*)$/.exec(t);
    if (start) {
      current = start[1];
      vars.set(current, start[2]);
    } else if (current) {
      vars.set(current, vars.get(current) + t);
    }
  }
  return { vars, spreads };
}

interface ConfigVar {
  required: boolean;
  port?: number;
  defaultValue?: string;
}

function describeVar(expr: string): ConfigVar {
  const port = /\bport\((\d+)\)/.exec(expr);
  if (port) return { required: false, port: Number(port[1]) };
  const dflt = /\.default\(\s*'([^']*)'\s*\)/.exec(expr);
  const hasDefault = /\.default\(/.test(expr) || /^logLevel\(\)/.test(expr);
  const optional = /\.optional\(\)/.test(expr);
  return { required: !hasDefault && !optional, defaultValue: dflt?.[1] };
}

/** Text between the opening line (first match of `open`) and the first line that is `close`. */
function block(text: string, open: RegExp, close: string, where: string): string {
  const m = open.exec(text);
  if (!m) throw new Error(`${where}: ${open} not found`);
  const rest = text.slice(m.index + m[0].length);
  const end = rest.indexOf(`\n${close}`);
  if (end < 0) throw new Error(`${where}: end of block not found`);
  return rest.slice(0, end);
}

const KIT_CONFIG = 'packages/kit/src/config.ts';
const baseShape = parseShape(block(read(KIT_CONFIG), /export const baseConfigShape = \{/, '};', KIT_CONFIG));

/** Every variable a service's config.ts reads, with the base shape when it spreads it. */
function serviceConfig(service: string): Map<string, ConfigVar> {
  const rel = `services/${service}/src/config.ts`;
  const shape = parseShape(block(read(rel), /z\.object\(\{/, '});', rel));
  const vars = new Map<string, ConfigVar>();
  if (shape.spreads.includes('baseConfigShape')) for (const [k, e] of baseShape.vars) vars.set(k, describeVar(e));
  for (const [k, e] of shape.vars) vars.set(k, describeVar(e));
  return vars;
}

/** Variables read straight from process.env by the telemetry package (the OTel exporter). */
const telemetryVars = new Set(
  walk('packages/telemetry/src')
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => [...read(f).matchAll(/\benv\.([A-Z][A-Z0-9_]*)/g)].map((m) => m[1])),
);

const services = readdirSync(path.join(ROOT, 'services'))
  .filter((d) => existsSync(path.join(ROOT, 'services', d, 'src/main.ts')))
  .sort();

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

describe('config parser (used by the checks below)', () => {
  it('tells required variables from those with a default or optional', () => {
    const { vars, spreads } = parseShape(`
  ...baseConfigShape,
  /** A comment. */
  A_PORT: port(1234),
  B_URL: z.string().url(),
  C_URL: z.string().url().optional(),
  D_NAME: z.string().default('d'),
  E_SIZE: z.coerce
    .number()
    .default(5),`);
    expect(spreads).toEqual(['baseConfigShape']);
    expect(Object.fromEntries([...vars].map(([k, e]) => [k, describeVar(e)]))).toEqual({
      A_PORT: { required: false, port: 1234 },
      B_URL: { required: true, defaultValue: undefined },
      C_URL: { required: false, defaultValue: undefined },
      D_NAME: { required: false, defaultValue: 'd' },
      E_SIZE: { required: false, defaultValue: undefined },
    });
  });

  it.each(services)('reads the config of %s', (service) => {
    const vars = serviceConfig(service);
    expect(vars.has('OTEL_SERVICE_NAME')).toBe(true);
    expect([...vars.values()].some((v) => v.port !== undefined)).toBe(true);
  });
});

describe('(a) services and chart entries', () => {
  it('has at least one service with src/main.ts', () => {
    expect(services.length).toBeGreaterThan(0);
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

describe('(c) ports against config.ts', () => {
  it.each(services)('%s: ports in values are the defaults of config.ts', (service) => {
    const v = effective(service);
    const vars = serviceConfig(service);
    const mainPort = v.protocol === 'grpc' ? 'grpc' : 'http';
    for (const key of [mainPort, 'metrics']) {
      const variable = PORT_VARS[key];
      expect([service, variable, v.ports?.[key]]).toEqual([service, variable, vars.get(variable)?.port]);
      expect(typeof v.ports?.[key]).toBe('number');
    }
    // The block sets its own ports; falling back to the generic chart's defaults would be luck.
    expect(umbrella[service].ports?.[mainPort]).toBeDefined();
    expect(umbrella[service].ports?.metrics).toBeDefined();
  });

  it('every *_ADDR names a service and its gRPC port', () => {
    let checked = 0;
    for (const service of services) {
      for (const [name, value] of Object.entries<string>(effective(service).env ?? {})) {
        const m = /^([A-Z]+)_ADDR$/.exec(name);
        if (!m) continue;
        const target = m[1].toLowerCase();
        expect([name, value]).toEqual([name, `${target}:${effective(target).ports?.grpc}`]);
        expect(effective(target).protocol).toBe('grpc');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
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
  const eventTopics = [...read('packages/proto/src/events.ts').matchAll(/event\(\s*'([^']+)'/g)].map((m) => m[1]);
  const groups = walk('services')
    .filter((f) => /^services\/[^/]+\/src\/events\/[^/]+\.ts$/.test(f))
    .flatMap((f) => [...read(f).matchAll(/_GROUP\s*=\s*'([^']+)'/g)].map((m) => m[1]));
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
  const authTs = read('packages/kit/src/auth.ts');
  const roles = [...block(authTs, /export const ROLES = \[/, '] as const;', 'auth.ts').matchAll(/'([a-z_]+)'/g)].map((m) => m[1]);
  /** Custom claims the token verifier reads (besides the registered JWT claims and realm_access). */
  const registered = ['sub', 'exp', 'iat', 'nbf', 'iss', 'aud', 'jti', 'realm_access'];
  const claims = [...new Set([...authTs.matchAll(/payload\.([a-z_]+)/g)].map((m) => m[1]))].filter((c) => !registered.includes(c));
  const audience = describeVar(baseShape.vars.get('AUTH_AUDIENCE') ?? '').defaultValue;
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
    const sources = [...walk('packages'), ...walk('services')].filter((f) => /\/src\/.*\.ts$/.test(f) && !f.endsWith('.test.ts'));
    const registered = new Set(
      sources.flatMap((f) => [...read(f).matchAll(/\b(?:counter|gauge|histogram)\(\s*'([a-z_][a-z0-9_]*)'/g)].map((m) => m[1])),
    );
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

  it('the k6 script posts exactly the fields the gateway accepts for a work log', () => {
    const script = read('infra/load/logwork.k6.js');
    expect(script).toContain('/api/work-logs');
    const requests = read('services/gateway/src/domain/requests.ts');
    const accepted = [...block(requests, /logWork: z\.strictObject\(\{/, '  }),', 'requests.ts').matchAll(/^\s*([a-z_]+):/gm)].map(
      (m) => m[1],
    );
    const sent = [...block(script, /const body = JSON\.stringify\(\{/, '  });', 'logwork.k6.js').matchAll(/^\s*([a-z_]+):/gm)].map(
      (m) => m[1],
    );
    expect(accepted.length).toBeGreaterThan(0);
    expect(sent.sort()).toEqual(accepted.sort());
  });
});
