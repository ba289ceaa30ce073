import type { Logger } from '@thuocdo/kit';

/** A dependency probe: resolves when the dependency answers, rejects (or times out) when not. */
export interface DependencyCheck {
  name: string;
  check: () => Promise<unknown>;
}

/** What a service reports about its dependencies, for /healthz and the gRPC health service. */
export interface HealthState {
  readonly serving: boolean;
  /** "<dependency>: <why>" for each failing check, empty while serving. */
  readonly failures: readonly string[];
}

/**
 * Polls every dependency and reports "all answer" / "some do not" on each change. A service is
 * SERVING only while every check passes; until the first probe it is NOT_SERVING.
 */
export class HealthWatch implements HealthState {
  private timer?: NodeJS.Timeout;
  private last?: boolean;
  private stopped = false;
  failures: string[] = ['not probed yet'];

  constructor(
    private readonly checks: DependencyCheck[],
    private readonly onChange: (healthy: boolean) => void,
    private readonly log: Logger,
    private readonly intervalMs: number,
    private readonly timeoutMs: number,
  ) {}

  get serving(): boolean {
    return !this.stopped && this.failures.length === 0;
  }

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
    this.failures = results.filter((r): r is string => Boolean(r));
    const healthy = this.failures.length === 0;
    if (!this.stopped && healthy !== this.last) {
      this.last = healthy;
      if (healthy) this.log.info('all dependencies answer: SERVING');
      else this.log.warn({ failures: this.failures }, 'dependency not answering: NOT_SERVING');
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
    this.onChange(false);
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
