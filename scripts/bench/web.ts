/**
 * Web app benchmark: the size of what a browser downloads, and how soon the org page shows.
 *
 * Builds the web app for production (vite build of services/web, into a temporary directory
 * with Vite's manifest, so that services/web/dist is left as it is) and prints every emitted
 * file's size, raw and gzip-compressed (zlib's default level, as the gateway compresses), and the
 * totals of the org page's first load: index.html, the entry script and what it imports, the
 * stylesheet, and the org page's lazy chunk with the chunks it imports. Then starts the platform
 * with throwaway databases serving that build, creates a small organisation, signs in through
 * the gateway in Chromium and loads /org again and again: each cold load in a new browser
 * profile (empty cache, the session cookie kept), then a reload with the cache warm. Prints the
 * medians of the time from navigation start to the org tree's first node on screen, first
 * contentful paint, DOMContentLoaded and bytes transferred, with and without 4× CPU throttling
 * and "Fast 3G" network throttling (Chrome DevTools' preset: 562.5 ms latency, 1.44 Mbit/s down,
 * 675 kbit/s up), both through the DevTools protocol.
 *
 *   npm run bench:web -- [--loads 5]   (cold loads per condition, and as many warm ones)
 *                        [--built]     (the services' production build: npm run build first)
 *                        [--detail]    (also prints every request of the first cold load under each condition)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { orgV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import {
  adminToken,
  createOrgFixture,
  person,
  startTestPlatform,
  TENANT,
  type TestPlatform,
  untilDirectoryHas,
} from '../../test/e2e/support';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const say = (m: string) => process.stdout.write(`${m}\n`);

const ROOT = path.resolve(__dirname, '../..');
const WEB = path.join(ROOT, 'services/web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ORG_PAGE = 'src/features/org/components/OrgPage.tsx';
const USER = { username: 'hr', password: 'x', claims: { sub: 'bench-hr-1', tenant: TENANT, roles: [], name: 'Nguyễn Thị Hoa' } };

/** Chrome DevTools' "Fast 3G": 1.6 Mbit/s down and 750 kbit/s up at 90%, 150 ms latency × 3.75. */
const FAST_3G = { offline: false, latency: 562.5, downloadThroughput: (1.6 * 1e6 * 0.9) / 8, uploadThroughput: (750 * 1e3 * 0.9) / 8 };
const CONDITIONS = [
  { label: 'none', cpu: 1, network: false },
  { label: 'CPU 4×', cpu: 4, network: false },
  { label: 'Fast 3G', cpu: 1, network: true },
  { label: 'CPU 4× + Fast 3G', cpu: 4, network: true },
];

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** vite build of the web app for production into `outDir`, with the manifest; the build's duration. */
function build(outDir: string): number {
  const vite = path.join(ROOT, 'node_modules/.bin/vite');
  if (!existsSync(vite)) throw new Error('vite is not installed: run npm install');
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [vite, 'build', '--outDir', outDir, '--emptyOutDir', '--manifest', '--logLevel', 'warn'], {
    cwd: WEB,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (run.status !== 0) throw new Error(`building the web app failed (vite build exited ${run.status ?? run.signal})`);
  return performance.now() - t0;
}

/** The files a chunk needs before it runs: itself, the chunks it imports (transitively) and their stylesheets. */
function closure(manifest: Record<string, ManifestChunk>, key: string, into = new Set<string>()): Set<string> {
  const chunk = manifest[key];
  if (!chunk || into.has(chunk.file)) return into;
  into.add(chunk.file);
  for (const css of chunk.css ?? []) into.add(css);
  for (const i of chunk.imports ?? []) closure(manifest, i, into);
  return into;
}

const fileCount = (n: number) => `${n} file${n === 1 ? '' : 's'}`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`.padStart(10);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Set in each page before its scripts: when the first node of the org tree is in the document, and at the next frame. */
const WATCH_TREE = `(() => {
  const found = () => {
    const n = document.querySelector('[role="tree"] [role="treeitem"]');
    return n && n.getBoundingClientRect().height > 0;
  };
  const observer = new MutationObserver(() => {
    if (window.__treeNodeInDom !== undefined || !found()) return;
    window.__treeNodeInDom = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => { window.__treeNodeShown = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** What one load measured, in ms from navigation start, and bytes. */
interface Load {
  /** When index.html, and the entry's script and stylesheet, had arrived. */
  html: number;
  entry: number;
  domContentLoaded: number;
  fcp: number;
  /** When the last script or stylesheet (the org page's chunks), and the last API answer, had arrived. */
  assets: number;
  api: number;
  treeNode: number;
  /** Every request: path, start, first byte, end (ms), bytes over the wire. */
  timeline: [string, number, number, number, number][];
  requests: number;
  transferred: number;
}

/** Read in the page once the tree showed; `entry` names the entry's files (assets/…). */
const readTimings = (entry: string[]) => `(() => {
  const nav = performance.getEntriesByType('navigation')[0];
  const fcp = performance.getEntriesByName('first-contentful-paint')[0];
  const resources = performance.getEntriesByType('resource');
  const entry = ${JSON.stringify(entry.map((f) => `/${f}`))};
  return {
    html: nav.responseEnd,
    entry: Math.max(0, ...resources.filter((r) => entry.some((f) => r.name.endsWith(f))).map((r) => r.responseEnd)),
    treeNode: window.__treeNodeShown,
    fcp: fcp ? fcp.startTime : NaN,
    domContentLoaded: nav.domContentLoadedEventEnd,
    assets: Math.max(0, ...resources.filter((r) => r.name.includes('/assets/')).map((r) => r.responseEnd)),
    api: Math.max(0, ...resources.filter((r) => r.name.includes('/api/')).map((r) => r.responseEnd)),
    timeline: [nav, ...resources].map((r) => [new URL(r.name).pathname, r.startTime, r.responseStart, r.responseEnd, r.transferSize]),
    requests: resources.length + 1,
    transferred: nav.transferSize + resources.reduce((s, r) => s + r.transferSize, 0),
  };
})()`;

async function measure(
  context: BrowserContext,
  url: string,
  c: { cpu: number; network: boolean },
  reload: boolean,
  readTimings: string,
): Promise<Load> {
  const { cpu, network } = c;
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpu });
  await cdp.send('Network.enable');
  await cdp.send(
    'Network.emulateNetworkConditions',
    network ? FAST_3G : { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 },
  );
  if (reload) await page.reload({ waitUntil: 'commit' });
  else await page.goto(url, { waitUntil: 'commit' });
  // Polled from here: the page's content security policy forbids the evaluated predicates of waitForFunction.
  const deadline = Date.now() + 120_000;
  while ((await page.evaluate('window.__treeNodeShown')) === undefined) {
    if (Date.now() > deadline) throw new Error(`the org tree did not show within 120 s at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Let the rest of the page settle before reading, so that the load's requests are all counted.
  await page.waitForLoadState('load');
  const load = (await page.evaluate(readTimings)) as Load;
  await cdp.detach();
  return load;
}

async function main() {
  const loads = arg('loads', 5);
  const built = process.argv.includes('--built');
  const detail = process.argv.includes('--detail');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'thuocdo-bench-web-'));
  const dist = path.join(tmp, 'dist');
  let tp: TestPlatform | undefined;
  let browser: Browser | undefined;
  let stopping: Promise<void> | undefined;
  const cleanUp = () => {
    stopping ??= (async () => {
      await browser?.close().catch(() => {});
      await tp?.stop();
      rmSync(tmp, { recursive: true, force: true });
    })();
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      say(`\n${signal}: stopping the platform…`);
      void cleanUp().finally(() => process.exit(130));
    });

  try {
    say('building the web app for production…');
    const buildMs = build(dist);
    const manifest = JSON.parse(readFileSync(path.join(dist, '.vite/manifest.json'), 'utf8')) as Record<string, ManifestChunk>;
    const entry = Object.entries(manifest).find(([, c]) => c.isEntry)![0];
    const initial = closure(manifest, entry);
    const orgPage = closure(manifest, ORG_PAGE);
    if (!manifest[ORG_PAGE]) throw new Error(`the build has no chunk for ${ORG_PAGE}`);
    const files = ['index.html', ...readdirSync(path.join(dist, 'assets')).map((f) => `assets/${f}`), 'favicon.svg'].filter((f) =>
      existsSync(path.join(dist, f)),
    );
    const sizes = files.map((f) => {
      const body = readFileSync(path.join(dist, f));
      return { file: f, raw: statSync(path.join(dist, f)).size, gzip: gzipSync(body).length };
    });
    const role = (f: string) =>
      f === 'index.html' ? 'page' : initial.has(f) ? 'entry' : orgPage.has(f) ? 'org page' : f === 'favicon.svg' ? 'icon' : '';
    const firstLoad = sizes.filter((s) => role(s.file) && s.file !== 'favicon.svg');
    const sum = (xs: typeof sizes, k: 'raw' | 'gzip') => xs.reduce((a, s) => a + s[k], 0);
    const ofType = (ext: string) => firstLoad.filter((s) => s.file.endsWith(ext));

    // Whether the app the gateway serves by default was built for development (a build started
    // by a test run inherits NODE_ENV=test): its sizes and times would not be production's.
    const servedEntry = path.join(WEB, 'dist/index.html');
    let devNote = '';
    if (existsSync(servedEntry)) {
      const script = /src="\/(assets\/index-[^"]+\.js)"/.exec(readFileSync(servedEntry, 'utf8'))?.[1];
      if (script && readFileSync(path.join(WEB, 'dist', script), 'utf8').includes('jsxDEV'))
        devNote = 'note: services/web/dist (what `npm run up` serves) is a development build of React (it contains jsxDEV)';
    }

    say('');
    say('Web app benchmark');
    say(`  production build   ${(buildMs / 1000).toFixed(1)} s (vite build, NODE_ENV=production)`);
    if (devNote) say(`  ${devNote}`);
    say('');
    say(`    ${'file'.padEnd(44)} ${'raw'.padStart(10)} ${'gzip'.padStart(10)}  org page first load`);
    for (const s of [...sizes].sort((a, b) => b.raw - a.raw)) say(`    ${s.file.padEnd(44)} ${kb(s.raw)} ${kb(s.gzip)}  ${role(s.file)}`);
    say(`    ${'all files'.padEnd(44)} ${kb(sum(sizes, 'raw'))} ${kb(sum(sizes, 'gzip'))}`);
    say('');
    say('  the org page’s first load (page, entry, stylesheet, org page chunk and the chunks it imports):');
    say(
      `    ${'JavaScript'.padEnd(44)} ${kb(sum(ofType('.js'), 'raw'))} ${kb(sum(ofType('.js'), 'gzip'))}  ${fileCount(ofType('.js').length)}`,
    );
    say(
      `    ${'CSS'.padEnd(44)} ${kb(sum(ofType('.css'), 'raw'))} ${kb(sum(ofType('.css'), 'gzip'))}  ${fileCount(ofType('.css').length)}`,
    );
    say(`    ${'HTML'.padEnd(44)} ${kb(sum(ofType('.html'), 'raw'))} ${kb(sum(ofType('.html'), 'gzip'))}`);
    say(`    ${'total'.padEnd(44)} ${kb(sum(firstLoad, 'raw'))} ${kb(sum(firstLoad, 'gzip'))}  ${fileCount(firstLoad.length)}`);

    say('');
    const loadBefore = os.loadavg()[0];
    say('starting the platform (throwaway databases) with that build…');
    tp = await startTestPlatform([USER], { built, env: { WEB_ROOT: dist } });
    const admin = callMetadata(await adminToken(tp));
    const fx = await createOrgFixture(tp, 'STC');
    const units: string[] = [fx.unit.id];
    for (const [code, name] of [
      ['NS', 'Phòng Ngân sách'],
      ['TCDN', 'Phòng Tài chính doanh nghiệp'],
      ['QLG', 'Phòng Quản lý giá và Công sản'],
      ['TT', 'Thanh tra'],
      ['TH', 'Phòng Tin học và Thống kê'],
    ]) {
      const { unit } = await unary<orgV1.CreateUnitResponse>((cb) =>
        tp!.clients.org.createUnit(
          orgV1.CreateUnitRequest.fromPartial({ agencyId: fx.agency.id, code, name, validFrom: '2020-01-01' }),
          admin,
          cb,
        ),
      );
      units.push(unit!.id);
    }
    await person(
      tp,
      [{ role: 'hr_admin', agencyId: fx.agency.id }],
      { agencyId: fx.agency.id, unitId: fx.unit.id },
      USER.claims.name,
      USER.claims.sub,
    );
    await untilDirectoryHas(tp, units);

    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    const url = `${tp.platform.gatewayUrl}/org`;
    const contextOptions = { viewport: { width: 1280, height: 900 }, locale: 'vi-VN' };
    // Sign in once, through the gateway and the identity provider's page; every load after uses the session cookie.
    const signIn = await browser.newContext(contextOptions);
    const page = await signIn.newPage();
    await page.goto(url);
    await page.getByRole('link', { name: 'Đăng nhập' }).click();
    await page.getByRole('button', { name: new RegExp(USER.claims.name) }).click();
    await page.waitForURL(url);
    await page.getByRole('tree').getByText('Văn phòng (VP)').waitFor();
    const storageState = await signIn.storageState();
    await signIn.close();

    say(`loading ${url} ${loads} times cold and ${loads} times warm under each condition…`);
    const results: { label: string; cold: Load[]; warm: Load[] }[] = [];
    const timings = readTimings([...initial]);
    for (const c of CONDITIONS) {
      const cold: Load[] = [];
      const warm: Load[] = [];
      for (let i = 0; i < loads; i++) {
        const context = await browser.newContext({ ...contextOptions, storageState });
        await context.addInitScript(WATCH_TREE);
        cold.push(await measure(context, url, c, false, timings));
        warm.push(await measure(context, url, c, true, timings));
        await context.close();
      }
      results.push({ label: c.label, cold, warm });
    }

    const cell = (xs: Load[], k: Exclude<keyof Load, 'timeline'>) => `${Math.round(median(xs.map((x) => x[k])))}`.padStart(6);
    const columns: [Exclude<keyof Load, 'timeline'>, string][] = [
      ['html', 'html'],
      ['entry', 'entry'],
      ['domContentLoaded', 'DCL'],
      ['fcp', 'FCP'],
      ['assets', 'chunks'],
      ['api', 'API'],
      ['treeNode', 'TREE'],
    ];
    say('');
    say(`  /org, signed in, median of ${loads} loads (each column its own): ms from navigation start, and what went over the wire`);
    say(
      `    ${'condition'.padEnd(17)} ${'load'.padEnd(4)} ${columns.map(([, h]) => h.padStart(6)).join(' ')}  requests  transferred   TREE of each load`,
    );
    for (const r of results)
      for (const [kind, xs] of [
        ['cold', r.cold],
        ['warm', r.warm],
      ] as const)
        say(
          `    ${(kind === 'cold' ? r.label : '').padEnd(17)} ${kind.padEnd(4)} ${columns.map(([k]) => cell(xs, k)).join(' ')}  ${cell(
            xs,
            'requests',
          ).padStart(8)}  ${kb(median(xs.map((x) => x.transferred))).padStart(11)}   ${xs.map((x) => Math.round(x.treeNode)).join(', ')}`,
        );
    say('    (cold: a new browser profile, empty cache; warm: the same profile reloading, assets from its cache)');
    if (detail)
      for (const r of results) {
        say(`  requests of the first cold load, ${r.label}: path, start → first byte → end (ms), bytes over the wire`);
        for (const [name, start, first, end, bytes] of r.cold[0].timeline)
          say(
            `    ${name.slice(0, 60).padEnd(60)} ${[start, first, end].map((x) => Math.round(x).toString().padStart(6)).join(' ')} ${kb(bytes)}`,
          );
      }
    say('    (html, entry: index.html, and the entry script and stylesheet, arrived; DCL: DOMContentLoaded ended; FCP: first');
    say('     contentful paint; chunks, API: the last script (the org page chunks) and the last /api answer arrived;');
    say('     TREE: the first node of the units tree was in the document, at the next animation frame)');
    say(`  load average (1 min) ${os.loadavg()[0].toFixed(1)} at the end, ${loadBefore.toFixed(1)} before the platform started`);
  } finally {
    say('stopping the platform…');
    await cleanUp();
  }
}

main().catch((err) => {
  process.stderr.write(`${err?.stack ?? err}\n`);
  process.exit(1);
});
