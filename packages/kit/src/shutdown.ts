import type { Logger } from './logging';

/** One step of the shutdown sequence; steps run in the order they were added. */
export interface ShutdownStep {
  name: string;
  run: () => Promise<unknown> | unknown;
}

/**
 * Runs the documented shutdown order on SIGTERM/SIGINT (DESIGN.md section 5):
 * NOT_SERVING → stop accepting → finish in-flight calls → stop consumers → flush the outbox
 * relay → close pools → flush telemetry. A step that fails is logged and the next one runs.
 */
export class Shutdown {
  private readonly steps: ShutdownStep[] = [];
  private running?: Promise<void>;

  constructor(private readonly log: Logger) {}

  add(name: string, run: ShutdownStep['run']): this {
    this.steps.push({ name, run });
    return this;
  }

  /** Installs the signal handlers; the process exits 0 after the last step. */
  listen(): void {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        this.log.info({ signal }, 'shutting down');
        void this.run().then(() => process.exit(0));
      });
    }
  }

  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps) {
        const t0 = Date.now();
        try {
          await step.run();
          this.log.info({ step: step.name, ms: Date.now() - t0 }, 'shutdown step done');
        } catch (err) {
          this.log.error({ err, step: step.name }, 'shutdown step failed');
        }
      }
    })();
    return this.running;
  }
}
