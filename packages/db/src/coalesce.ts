import { histogram } from '@thuocdo/telemetry';

const batchSizes = histogram(
  'db_coalesced_write_items',
  'Writes of concurrent callers run together in one batch',
  ['writer'],
  [1, 2, 4, 8, 16, 32, 64, 128],
);

/**
 * Writes of concurrent callers, run together: a write waits only while `maxInFlight` batches are
 * already running, and then goes with every write queued meanwhile (at most `maxBatch`). One
 * caller alone is never delayed; under load, one statement and one commit serve many callers,
 * which is where a database spends most of a small write (executor start-up, locks, the commit's
 * WAL flush) and the client most of its round trip.
 *
 * Writes that share a key (say, the same row to update, the same request id) never go in one
 * batch: the later waits for a later batch, as it would have waited for the row anyway.
 */
export class Coalescer<T, R> {
  private queue: { item: T; keys: string[]; resolve: (r: R) => void; reject: (e: unknown) => void }[] = [];
  private running = 0;

  constructor(
    private readonly o: {
      /** Names the batches in the db_coalesced_write_items histogram. */
      name: string;
      maxInFlight: number;
      maxBatch: number;
      keysOf: (item: T) => string[];
      /** Runs one batch: a result or an Error for each item, in order. */
      run: (items: T[]) => Promise<(R | Error)[]>;
    },
  ) {}

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, keys: this.o.keysOf(item), resolve, reject });
      this.pump();
    });
  }

  /** Batches waiting and running, for tests and metrics. */
  get pending(): { queued: number; running: number } {
    return { queued: this.queue.length, running: this.running };
  }

  private pump(): void {
    while (this.running < this.o.maxInFlight && this.queue.length) {
      const taken = new Set<string>();
      const batch: typeof this.queue = [];
      const rest: typeof this.queue = [];
      for (const w of this.queue) {
        if (batch.length < this.o.maxBatch && !w.keys.some((k) => taken.has(k))) {
          for (const k of w.keys) taken.add(k);
          batch.push(w);
        } else rest.push(w);
      }
      this.queue = rest;
      this.running++;
      batchSizes.observe({ writer: this.o.name }, batch.length);
      void this.o
        .run(batch.map((w) => w.item))
        .then(
          (results) =>
            batch.forEach((w, i) => {
              const r =
                results.length === batch.length ? results[i] : new Error(`a batch of ${batch.length} gave ${results.length} results`);
              if (r instanceof Error) w.reject(r);
              else w.resolve(r as R);
            }),
          (err) => {
            for (const w of batch) w.reject(err);
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
