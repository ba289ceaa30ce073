import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';

const WEB = path.resolve(__dirname, '../../services/web');
/** What the built app is made from: when any of it is newer than dist/index.html, the build is stale. */
const SOURCES = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'package.json',
  '../../packages/proto/src/http/types.ts',
  '../../packages/kit/src/roles.ts',
];

function newest(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(p).map((e) => newest(path.join(p, e))));
}

/** Vite's command-line script, from the node_modules nearest the web app (its exports hide the path). */
function viteBin(): string {
  for (let dir = WEB; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'node_modules/vite/package.json');
    if (existsSync(pkg)) return path.join(path.dirname(pkg), (JSON.parse(readFileSync(pkg, 'utf8')) as { bin: { vite: string } }).bin.vite);
  }
  throw new Error('vite is not installed: run npm install');
}

/** Whether services/web/dist is missing or older than its sources. */
export function webAppStale(): boolean {
  const built = path.join(WEB, 'dist/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return SOURCES.some((s) => newest(path.join(WEB, s)) > builtAt);
}

const LOCK = path.join(WEB, '.build-lock');
const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the web app (vite build into services/web/dist, which the gateway serves) when it is
 * missing or stale. Returns whether it built. Processes that ask at once (test workers) build
 * once: the others wait for the build under way.
 */
export function ensureWebApp(log: (line: string) => void = () => {}): boolean {
  for (;;) {
    if (!webAppStale()) return false;
    try {
      mkdirSync(LOCK);
    } catch {
      // Another process is building; a lock older than five minutes is left from a crash.
      if (Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000)
        rmSync(LOCK, { recursive: true, force: true });
      sleepSync(250);
      continue;
    }
    try {
      log('building the web app (services/web → dist)…');
      const run = spawnSync(process.execPath, [viteBin(), 'build', '--logLevel', 'warn'], {
        cwd: WEB,
        // A production build whoever calls (jest sets NODE_ENV=test, which makes Vite build React for development).
        env: { ...process.env, NODE_ENV: 'production' },
        stdio: ['ignore', 'inherit', 'inherit'],
      });
      if (run.status !== 0) throw new Error(`building the web app failed (vite build exited ${run.status ?? run.signal})`);
      return true;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}
