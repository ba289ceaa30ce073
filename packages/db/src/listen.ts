import type { Logger } from '@thuocdo/kit';
import type pg from 'pg';
import { checkout } from './pool';

/**
 * A connection that LISTENs on a channel and calls `onNotify` for each NOTIFY. A broken
 * connection (a database restart) is dropped; `ensure()` listens again, so callers call it on
 * every cycle of their poll loop: a missed notification costs at most one poll.
 */
export class Listener {
  private client?: pg.PoolClient;

  constructor(
    private readonly pool: pg.Pool,
    private readonly channel: string,
    private readonly onNotify: () => void,
    private readonly log: Logger,
  ) {}

  get listening(): boolean {
    return this.client !== undefined;
  }

  /** Listens unless already listening; a failure is logged and leaves the caller polling. */
  async ensure(): Promise<void> {
    if (this.client) return;
    let client: pg.PoolClient | undefined;
    try {
      client = await checkout(this.pool);
      const c = client;
      c.on('notification', () => this.onNotify());
      c.on('error', () => {
        if (this.client === c) {
          this.client = undefined;
          c.release(true);
        }
      });
      await c.query(`LISTEN ${this.channel}`);
      this.client = c;
    } catch (err) {
      if (client && this.client !== client) client.release(true);
      this.log.warn({ err: (err as Error).message, channel: this.channel }, 'LISTEN failed, polling only');
    }
  }

  /** A connection that LISTENs is never handed back to the pool for others. */
  close(): void {
    this.client?.release(true);
    this.client = undefined;
  }
}
