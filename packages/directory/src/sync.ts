import { type DirectoryRecord, type Logger, OrgDirectory, type Worker } from '@thuocdo/kit';
import { counter, gauge } from '@thuocdo/telemetry';

const records = gauge('org_directory_records', 'Records in the org directory held in memory', ['kind']);
const applied = counter('org_directory_changes_applied_total', 'Org directory changes applied in memory');
const lag = gauge('org_directory_refresh_age_seconds', 'Time since the in-memory org directory last caught up with its store');

/** Where a service keeps its directory: read from the start, then by changes after a cursor. */
export interface DirectorySource<Cursor> {
  /** The cursor before any record. */
  readonly start: Cursor;
  /** Changes after the cursor, oldest first, about `limit` of them; the cursor after them, and whether more are waiting. */
  changesSince(cursor: Cursor, limit: number): Promise<{ records: DirectoryRecord[]; cursor: Cursor; more: boolean }>;
  /** Calls `onChange` whenever another writer changed the store, when the store can tell (PostgreSQL NOTIFY). */
  watch?(onChange: () => void): { ensure(): Promise<void>; close(): void };
}

const PAGE = 5000;

/**
 * Keeps the in-memory directory of this replica in step with the service's store: everything at
 * start (before the service serves a call: an empty directory would refuse everyone), then
 * every change, woken by the store's notification or a poll. The replica whose consumer applies
 * an event updates its memory at once (see the consumers); the others catch up here.
 */
export class DirectorySync<Cursor> implements Worker {
  readonly name = 'org directory';
  readonly directory = new OrgDirectory();
  private cursor: Cursor;
  private running?: Promise<void>;
  private again = false;
  private timer?: NodeJS.Timeout;
  private watcher?: { ensure(): Promise<void>; close(): void };
  private caughtUpAt = Date.now();

  constructor(
    private readonly source: DirectorySource<Cursor>,
    private readonly log: Logger,
    private readonly pollMs: number,
  ) {
    this.cursor = source.start;
  }

  async start(): Promise<void> {
    this.watcher = this.source.watch?.(() => void this.refresh());
    await this.watcher?.ensure();
    await this.catchUp();
    this.log.info({ records: this.directory.size }, 'org directory loaded');
    const tick = () => {
      this.timer = setTimeout(async () => {
        await this.watcher?.ensure();
        await this.refresh();
        tick();
      }, this.pollMs);
      this.timer.unref();
    };
    tick();
  }

  /** Applies records in memory (a consumer of this replica, right after storing them). */
  apply(list: DirectoryRecord[]): void {
    for (const r of list) if (this.directory.apply(r)) applied.inc();
    this.report();
  }

  /** Catches up with the store; concurrent calls share one run and ask for one more after it. */
  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.catchUp();
        } while (this.again);
      } catch (err) {
        this.log.warn({ err: (err as Error).message }, 'org directory: refresh failed, retrying at the next poll');
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private async catchUp(): Promise<void> {
    for (;;) {
      const { records: page, cursor, more } = await this.source.changesSince(this.cursor, PAGE);
      this.apply(page);
      this.cursor = cursor;
      if (!more) break;
    }
    this.caughtUpAt = Date.now();
    lag.set(0);
  }

  private report(): void {
    for (const [kind, n] of Object.entries(this.directory.size)) records.set({ kind }, n);
    lag.set((Date.now() - this.caughtUpAt) / 1000);
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.running;
    this.watcher?.close();
  }
}
