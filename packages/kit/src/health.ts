import type { Logger } from './logging';

/** A dependency probe: resolves when the dependency answers, rejects (or times out) when not. */
export interface DependencyCheck {
  name: string;
  check: () => Promise<unknown>;
}

/**
 * Polls every dependency and reports "all answer" / "some do not" on each change.
 * A service is SERVING only while every check passes.
 */
export class HealthWatch {
  private timer?: NodeJS.Timeout;
  private last?: boolean;
  private stopped = false;

  constructor(
    private readonly checks: DependencyCheck[],
    private readonly onChange: (healthy: boolean) => void,
    private readonly log: Logger,
    private readonly intervalMs = 2000,
    private readonly timeoutMs = 1500,
  ) {}

  /** Runs all checks once and reports. Returns whether all passed. */
  async probe(): Promise<boolean> {
    const results = await Promise.all(
      this.checks.map(async (c) => {
        try {
          await withTimeout(c.check(), this.timeoutMs);
          return undefined;
        } catch (err) {
          return `${c.name}: ${(err as Error)?.message ?? err}`;
        }
      }),
    );
    const failures = results.filter((r): r is string => Boolean(r));
    const healthy = failures.length === 0;
    if (!this.stopped && healthy !== this.last) {
      this.last = healthy;
      if (healthy) this.log.info('all dependencies answer: SERVING');
      else this.log.warn({ failures }, 'dependency not answering: NOT_SERVING');
      this.onChange(healthy);
    }
    return healthy;
  }

  start(): void {
    const loop = async () => {
      await this.probe();
      if (!this.stopped) this.timer = setTimeout(loop, this.intervalMs);
    };
    void loop();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}

export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}
