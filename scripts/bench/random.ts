/**
 * A small deterministic generator (mulberry32) for the benchmarks' data, so that one seed always
 * builds the same province.
 */
export function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  /** One of the values, each as likely as its weight. */
  const weighted = <T>(xs: readonly (readonly [T, number])[]): T => {
    let x = next() * xs.reduce((s, [, w]) => s + w, 0);
    for (const [v, w] of xs) {
      x -= w;
      if (x < 0) return v;
    }
    return xs[xs.length - 1][0];
  };
  const hex = (n: number) => Array.from({ length: n }, () => '0123456789abcdef'[int(16)]).join('');
  /** Shaped like the services' UUIDv7 ids, so that maps and indexes hold values of the real length. */
  const uuid = () => `${hex(8)}-${hex(4)}-7${hex(3)}-${'89ab'[int(4)]}${hex(3)}-${hex(12)}`;
  /** A day in [from, to), "YYYY-MM-DD". */
  const date = (from: string, to: string) => {
    const a0 = Date.parse(`${from}T00:00:00Z`);
    return new Date(a0 + int((Date.parse(`${to}T00:00:00Z`) - a0) / 86_400_000) * 86_400_000).toISOString().slice(0, 10);
  };
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  return { next, int, pick, weighted, uuid, date, shuffle };
}
