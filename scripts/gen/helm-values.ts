/**
 * Brings the Helm charts in line with the service registry (packages/registry): the umbrella
 * chart's dependencies (one alias of the generic chart per service) and, in its values, each
 * service's protocol, image repository and ports, and the gateway's upstream addresses. Every
 * other value (environment, secrets, resources, replicas) is kept as written, comments included;
 * a service new to the registry gets a block to fill in, one removed from it loses its block.
 *
 *   npm run gen:helm            rewrite charts/thuocdo/{Chart,values}.yaml
 *   npm run gen:helm -- --check exit 1 when they are not in line (the deployment tests run this)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addressVariable, type RegisteredService, SERVICES } from '@thuocdo/registry';
import { isMap, parseDocument, type YAMLMap } from 'yaml';

const ROOT = path.resolve(__dirname, '../..');
const CHART = path.join(ROOT, 'charts/thuocdo/Chart.yaml');
const VALUES = path.join(ROOT, 'charts/thuocdo/values.yaml');
const GENERIC = path.join(ROOT, 'charts/thuocdo-service/Chart.yaml');

/** The values the registry decides for a service. */
function registered(s: RegisteredService) {
  const main = s.kind === 'grpc' ? 'grpc' : 'http';
  const env = Object.fromEntries(s.dependsOn.map((d) => [addressVariable(d), `${d}:${SERVICES.find((x) => x.name === d)!.ports.main}`]));
  return { protocol: s.kind, image: { repository: `thuocdo/${s.name}` }, ports: { [main]: s.ports.main, metrics: s.ports.metrics }, env };
}

export function generate(): { 'Chart.yaml': string; 'values.yaml': string } {
  const generic = parseDocument(readFileSync(GENERIC, 'utf8')).toJS() as { name: string; version: string };
  const chart = parseDocument(readFileSync(CHART, 'utf8'));
  chart.set(
    'dependencies',
    SERVICES.map((s) => ({ name: generic.name, alias: s.name, version: generic.version, repository: 'file://../thuocdo-service' })),
  );

  const values = parseDocument(readFileSync(VALUES, 'utf8'));
  const names = new Set<string>(SERVICES.map((s) => s.name));
  const root = values.contents as YAMLMap;
  // A block is a service's when it has a protocol; blocks of services no longer registered go.
  for (const item of [...root.items]) {
    const key = String((item.key as { value?: unknown })?.value ?? item.key);
    if (isMap(item.value) && item.value.has('protocol') && !names.has(key)) values.delete(key);
  }
  for (const s of SERVICES) {
    const r = registered(s);
    if (!values.has(s.name)) values.set(s.name, values.createNode({}));
    values.setIn([s.name, 'protocol'], r.protocol);
    values.setIn([s.name, 'image', 'repository'], r.image.repository);
    values.setIn([s.name, 'ports'], values.createNode(r.ports));
    for (const [k, v] of Object.entries(r.env)) values.setIn([s.name, 'env', k], v);
  }
  return { 'Chart.yaml': chart.toString({ lineWidth: 100 }), 'values.yaml': values.toString({ lineWidth: 100 }) };
}

export function main(): void {
  const out = generate();
  const targets = { 'Chart.yaml': CHART, 'values.yaml': VALUES };
  if (process.argv.includes('--check')) {
    const stale = Object.entries(out).filter(([f, text]) => readFileSync(targets[f as keyof typeof targets], 'utf8') !== text);
    if (stale.length) {
      process.stderr.write(
        `not in line with the service registry: ${stale.map(([f]) => `charts/thuocdo/${f}`).join(', ')}; run npm run gen:helm\n`,
      );
      process.exit(1);
    }
    return;
  }
  for (const [f, text] of Object.entries(out)) writeFileSync(targets[f as keyof typeof targets], text);
}

if (require.main === module) main();
