/**
 * Renders a chart with test/deploy/helm-render (Go text/template with the sprig functions, as
 * Helm itself), built once per change of its source with the machine's Go toolchain and the
 * sprig and yaml libraries from Debian (`.ci/run` installs them: golang-go,
 * golang-github-masterminds-sprig-dev, golang-gopkg-yaml.v3-dev).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

const SOURCE = path.join(__dirname, 'helm-render');
const GOPATH = '/usr/share/gocode';

function binary(): string {
  const hash = createHash('sha256')
    .update(readFileSync(path.join(SOURCE, 'main.go')))
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(os.tmpdir(), 'thuocdo-helm-render');
  const bin = path.join(dir, `helm-render-${hash}`);
  if (existsSync(bin)) return bin;
  mkdirSync(dir, { recursive: true });
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0)
    throw new Error(
      'the deployment tests render the charts with Go: apt-get install golang-go golang-github-masterminds-sprig-dev golang-gopkg-yaml.v3-dev',
    );
  execFileSync('go', ['build', '-o', bin, '.'], {
    cwd: SOURCE,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: path.join(dir, 'cache'), GOFLAGS: '' },
    stdio: 'pipe',
  });
  return bin;
}

export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; [k: string]: any }; [k: string]: any };

export interface Rendered {
  objects: K8sObject[];
  /** The object of this kind and name; throws when there is none. */
  get(kind: string, name: string): K8sObject;
}

/** `helm template` of a chart with extra values files; rejects with Helm's error text on a failed render. */
export function render(chartDir: string, valueFiles: string[] = []): Rendered {
  const r = spawnSync(binary(), [...valueFiles.flatMap((f) => ['-f', f]), chartDir], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr.trim() || `helm-render exited with ${r.status}`);
  const objects: K8sObject[] = [];
  for (const doc of parseAllDocuments(r.stdout)) {
    if (doc.errors.length) throw new Error(`rendered YAML does not parse: ${doc.errors.map((e) => e.message).join('; ')}`);
    const value = doc.toJS();
    if (value) objects.push(value);
  }
  return {
    objects,
    get(kind, name) {
      const o = objects.find((x) => x.kind === kind && x.metadata?.name === name);
      if (!o) throw new Error(`no ${kind} ${name} in the rendered chart`);
      return o;
    },
  };
}
