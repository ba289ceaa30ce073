/**
 * The production build: every service (or those named) bundled into one JavaScript file, with
 * only what it needs beside it, so that a container runs `node main.js` with no transpiler, no
 * dev dependency and no other service's packages:
 *
 *   dist/<name>/main.js (+ .map)   the service and the @thuocdo packages it uses, compiled (esbuild)
 *   dist/<name>/node_modules/      the packages kept outside the bundle, because they carry native
 *                                  code (the Kafka client, chDB) or read files of their own at run
 *                                  time (grpc-health-check, @grpc/reflection), with what they need
 *   dist/<name>/proto/, packages/db/migrations/, packages/directory/migrations/, services/<name>/migrations/,
 *   services/web/dist/
 *                                  files the service reads at run time, at their repository paths
 *   dist/<name>/package.json       what the folder holds, for people
 *
 *   npm run build                   every service
 *   npm run build -- worklog org    some
 *   npm run build -- --copy         copy files instead of hard-linking them (for a container image)
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type RegisteredService, SERVICES } from '@thuocdo/registry';
import { build } from 'esbuild';
import { FORM_FONTS } from '../services/scoring/src/grpc/evaluation-form';
import { ensureWebApp } from './lib/web-app';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'dist');

/** Kept outside the bundle: native code, or files read from the package's own folder at run time. */
const EXTERNAL = ['@confluentinc/kafka-javascript', 'chdb', 'grpc-health-check', '@grpc/reflection', 'pg-native', 'pdfkit'];

/** What a kept package does not need at run time (sources and objects of its native build). */
const PRUNE: Record<string, string[]> = {
  '@confluentinc/kafka-javascript': [
    'deps',
    'src',
    'build/Release/obj.target',
    'build/Release/.deps',
    'build/deps/include',
    'build/deps/librdkafka',
  ],
};

let copyFiles = false;

/** Copies a tree, hard-linking files where the file system allows (fast, no extra disk) unless --copy. */
function copyTree(from: string, to: string, skip: (rel: string) => boolean = () => false, rel = ''): void {
  const st = statSync(from);
  if (st.isDirectory()) {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from)) {
      const childRel = rel ? `${rel}/${entry}` : entry;
      if (skip(childRel)) continue;
      copyTree(path.join(from, entry), path.join(to, entry), skip, childRel);
    }
    return;
  }
  mkdirSync(path.dirname(to), { recursive: true });
  if (!copyFiles) {
    try {
      linkSync(from, to);
      return;
    } catch {
      // another file system: copy
    }
  }
  copyFileSync(from, to);
}

function packageDir(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === path.dirname(dir)) return undefined;
  }
}

/** The packages and everything they depend on (optional ones only when installed), as folder → name. */
function closure(names: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (name: string, from: string) => {
    const dir = packageDir(name, from);
    if (!dir || out.has(dir)) return;
    out.set(dir, name);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep, dir);
  };
  for (const n of names) visit(n, ROOT);
  return out;
}

async function buildService(s: RegisteredService): Promise<{ name: string; bytes: number; externals: string[] }> {
  const out = path.join(DIST, s.name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [path.join(ROOT, 'services', s.name, 'src/main.ts')],
    outfile: path.join(out, 'main.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Beside the bundle, for NODE_OPTIONS=--enable-source-maps when a stack trace must name sources.
    sourcemap: true,
    // No keepNames: it wraps every function made at run time in a naming call, on the hot path too.
    external: EXTERNAL,
    // packages/kit/src/assets.ts: files are found beside the bundle, not in the repository.
    define: { __THUOCDO_BUNDLE__: 'true' },
    metafile: true,
    logLevel: 'warning',
  });
  const imported = new Set<string>();
  for (const input of Object.values(result.metafile.inputs))
    for (const imp of input.imports)
      if (imp.external) imported.add(EXTERNAL.find((e) => imp.path === e || imp.path.startsWith(`${e}/`)) ?? imp.path);
  const externals = [...imported].filter((e) => EXTERNAL.includes(e) && e !== 'pg-native').sort();

  // The packages kept outside, under their own names: a nested copy of a package keeps its place.
  const rootModules = path.join(ROOT, 'node_modules');
  for (const [dir, name] of closure(externals)) {
    const rel = path.relative(rootModules, dir);
    copyTree(dir, path.join(out, 'node_modules', rel), (r) => (PRUNE[name] ?? []).some((p) => r === p || r.startsWith(`${p}/`)));
  }

  // Files read at run time, at their repository paths.
  copyTree(path.join(ROOT, 'proto'), path.join(out, 'proto'), (r) => r.endsWith('.yaml'));
  if (s.store === 'postgresql') copyTree(path.join(ROOT, 'packages/db/migrations'), path.join(out, 'packages/db/migrations'));
  // Every gRPC service keeps an org directory; those on PostgreSQL migrate its table.
  if (s.kind === 'grpc' && s.store === 'postgresql')
    copyTree(path.join(ROOT, 'packages/directory/migrations'), path.join(out, 'packages/directory/migrations'));
  const migrations = path.join(ROOT, 'services', s.name, 'migrations');
  if (existsSync(migrations)) copyTree(migrations, path.join(out, 'services', s.name, 'migrations'));
  // The evaluation form's embedded font, with its licence (services/scoring/src/grpc/evaluation-form.ts).
  if (s.name === 'scoring')
    for (const file of [...Object.values(FORM_FONTS), 'node_modules/@expo-google-fonts/noto-sans/LICENSE_FONT']) {
      mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(out, file));
    }
  if (s.name === 'gateway') {
    ensureWebApp((line) => console.log(line));
    copyTree(path.join(ROOT, 'services/web/dist'), path.join(out, 'services/web/dist'));
  }

  const versions = Object.fromEntries(
    externals.map((e) => [e, JSON.parse(readFileSync(path.join(packageDir(e, ROOT)!, 'package.json'), 'utf8')).version]),
  );
  writeFileSync(
    path.join(out, 'package.json'),
    `${JSON.stringify({ name: `@thuocdo/${s.name}-dist`, private: true, description: `${s.name}: ${s.description} (production build)`, main: 'main.js', dependencies: versions }, null, 2)}\n`,
  );
  return { name: s.name, bytes: statSync(path.join(out, 'main.js')).size, externals };
}

async function main() {
  const args = process.argv.slice(2);
  copyFiles = args.includes('--copy');
  const wanted = args.filter((a) => !a.startsWith('--'));
  const unknown = wanted.filter((w) => !SERVICES.some((s) => s.name === w));
  if (unknown.length) throw new Error(`not in the service registry: ${unknown.join(', ')}`);
  const t0 = Date.now();
  for (const s of SERVICES.filter((x) => wanted.length === 0 || wanted.includes(x.name))) {
    const r = await buildService(s);
    process.stdout.write(
      `[build] ${r.name.padEnd(10)} dist/${r.name}/main.js ${(r.bytes / 1024 / 1024).toFixed(1)} MB; beside it: ${r.externals.join(', ') || 'nothing'}\n`,
    );
  }
  process.stdout.write(`[build] done in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
}

main().catch((err) => {
  process.stderr.write(`[build] failed: ${err?.stack ?? err}\n`);
  process.exit(1);
});
