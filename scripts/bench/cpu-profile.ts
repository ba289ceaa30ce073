import { readFileSync } from 'node:fs';

// Reading a V8 CPU profile (`node --cpu-prof`) for the benchmarks: where a service's CPU time
// went over a window, by function (self time), by where the code lives, and for a few functions
// with everything they called (inclusive time).

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Where code lives, from its URL: a dependency, a package of the monorepo, Node's own code. */
const AREAS: [RegExp, string][] = [
  [/node_modules\/@grpc\//, 'gRPC (grpc-js)'],
  [/node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+|pgpass)\//, 'PostgreSQL client (pg)'],
  [/node_modules\/(@bufbuild|protobufjs|long)\/|packages\/proto\//, 'protobuf encode/decode'],
  [/node_modules\/jose\//, 'JWT (jose)'],
  [/node_modules\/(pino|pino-std-serializers|sonic-boom|thread-stream|fast-redact)\//, 'logging (pino)'],
  [/node_modules\/@opentelemetry\//, 'tracing (OpenTelemetry)'],
  [/node_modules\/(prom-client|tdigest|bintrees)\//, 'metrics (prom-client)'],
  [/node_modules\/@confluentinc\//, 'Kafka client'],
  [/node_modules\/uuid\//, 'uuid'],
  [/node_modules\/zod\//, 'zod'],
  [/node_modules\/(tsx|esbuild|typescript|get-tsconfig)\//, 'tsx (TypeScript loader)'],
  [/node_modules\//, 'other dependencies'],
  [/packages\/kit\//, 'packages/kit (policy, directory, validation)'],
  [/packages\/service\//, 'packages/service (gRPC server, commands)'],
  [/packages\/db\//, 'packages/db (EntityWriter, outbox)'],
  [/packages\/messaging\//, 'packages/messaging (relay, consumers)'],
  [/packages\/directory\//, 'packages/directory'],
  [/packages\/telemetry\//, 'packages/telemetry'],
  [/packages\/[a-z]+\//, 'other packages'],
  [/services\/[a-z]+\/src\/domain\//, 'service domain'],
  [/services\/[a-z]+\/src\/store\//, 'service stores'],
  [/services\/[a-z]+\/src\/grpc\//, 'service gRPC handlers and mapping'],
  [/services\/[a-z]+\/src\//, 'service (other)'],
  [/^node:|^internal\//, 'Node.js (net, streams, http2, timers)'],
];

function areaOf(node: ProfileNode): string {
  const { url, functionName } = node.callFrame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'garbage collector';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'native (no source)';
  }
  for (const [re, name] of AREAS) if (re.test(url)) return name;
  return 'other code';
}

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(packages|services|scripts)\//, '$1/');

export interface ProfileSummary {
  /** Profiled CPU time in the window, idle excluded, in ms. */
  busyMs: number;
  windowMs: number;
  lines: string[];
}

/**
 * Summarises a profile over a window given in ms from the profile's start (the whole profile
 * when not given): the busy share, time by area, the `top` functions by self time, and the
 * inclusive time of functions whose names match `inclusive`.
 */
export function summariseCpuProfile(
  file: string,
  window?: { fromMs: number; toMs: number },
  { top = 20, inclusive = [] as string[] } = {},
): ProfileSummary {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  const incl = new Map<string, number>();
  let t = p.startTime;
  let windowUs = 0;
  for (let i = 0; i < p.samples.length; i++) {
    const delta = p.timeDeltas[i] ?? 0;
    t += delta;
    const at = (t - p.startTime) / 1000;
    if (window && (at < window.fromMs || at > window.toMs)) continue;
    // A sample stands for the time until the next one.
    const dur = p.timeDeltas[i + 1] ?? delta;
    windowUs += dur;
    const id = p.samples[i];
    self.set(id, (self.get(id) ?? 0) + dur);
    if (inclusive.length) {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const name = byId.get(n)!.callFrame.functionName;
        for (const want of inclusive) if (!seen.has(want) && name === want) seen.add(want);
      }
      for (const s of seen) incl.set(s, (incl.get(s) ?? 0) + dur);
    }
  }
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  let idle = 0;
  for (const [id, us] of self) {
    const n = byId.get(id)!;
    const area = areaOf(n);
    if (area === 'idle') {
      idle += us;
      continue;
    }
    areas.set(area, (areas.get(area) ?? 0) + us);
    const f = n.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ''}`.trim();
    functions.set(key, (functions.get(key) ?? 0) + us);
  }
  const busy = windowUs - idle;
  const pctOf = (us: number) => `${((us / busy) * 100).toFixed(1).padStart(5)}%`;
  const lines: string[] = [];
  lines.push(
    `busy ${(busy / 1000).toFixed(0)} ms of ${(windowUs / 1000).toFixed(0)} ms (${((busy / windowUs) * 100).toFixed(0)}% of one core); shares below are of the busy time`,
  );
  lines.push('by area (self time):');
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1])) lines.push(`  ${pctOf(us)}  ${area}`);
  lines.push(`top ${top} functions (self time):`);
  for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pctOf(us)}  ${fn}`);
  if (inclusive.length) {
    lines.push('inclusive time (the function and what it called):');
    for (const name of inclusive) lines.push(`  ${pctOf(incl.get(name) ?? 0)}  ${name}`);
  }
  return { busyMs: busy / 1000, windowMs: windowUs / 1000, lines };
}

if (require.main === module) {
  const [file, from, to] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node --import tsx scripts/bench/cpu-profile.ts <file.cpuprofile> [fromMs toMs]\n');
    process.exit(2);
  }
  const s = summariseCpuProfile(file, from ? { fromMs: Number(from), toMs: Number(to) } : undefined, {
    top: 40,
    inclusive: ['logWork', 'logWorkBatch', 'saveEntry', 'verify', 'requireScope', 'publishBatch', 'handleBatch'],
  });
  process.stdout.write(`${s.lines.join('\n')}\n`);
}
