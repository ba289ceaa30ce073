import type { Logger } from '@thuocdo/kit';

/** One step of the shutdown sequence; steps run in the order they were added. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

/**
 * Runs the documented shutdown order on SIGTERM/SIGINT (docs/architecture.md, Health and
 * shutdown): NOT_SERVING → stop accepting → finish in-flight calls → stop consumers → flush the
 * outbox relay → close pools → flush telemetry. A step that fails is logged and the next one
 * runs; the process then exits with 1, as it does when the whole sequence overruns its deadline.
 */
export class Shutdown {
  private readonly steps: ShutdownStep[] = [];
  private running?: Promise<boolean>;

  constructor(
    private readonly log: Logger,
    private readonly deadlineMs: number,
  ) {}

  add(name: string, run: ShutdownStep['run']): this {
    this.steps.push({ name, run });
    return this;
  }

  /** Installs the signal handlers (on `signals`, the process unless a test gives another emitter). */
  listen(exit: (code: number) => void = (code) => process.exit(code), signals: Pick<NodeJS.EventEmitter, 'once'> = process): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      signals.once(signal, () => {
        this.log.info({ signal }, 'shutting down');
        const overrun = setTimeout(() => {
          this.log.error({ deadlineMs: this.deadlineMs }, 'shutdown did not finish in time; exiting');
          exit(1);
        }, this.deadlineMs);
        overrun.unref();
        void this.run().then((ok) => {
          clearTimeout(overrun);
          exit(ok ? 0 : 1);
        });
      });
    }
  }

  /** Runs every step once; resolves true when all of them succeeded. */
  run(): Promise<boolean> {
    this.running ??= (async () => {
      let ok = true;
      for (const step of this.steps) {
        const t0 = Date.now();
        try {
          await step.run();
          this.log.info({ step: step.name, ms: Date.now() - t0 }, 'shutdown step done');
        } catch (err) {
          ok = false;
          this.log.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
      return ok;
    })();
    return this.running;
  }
}
