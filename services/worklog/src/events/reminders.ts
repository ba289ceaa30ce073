import { type OutboxRecord, type Pool, withTransaction, writeOutbox } from '@thuocdo/db';
import type { DirectoryView, Logger, Worker } from '@thuocdo/kit';
import type { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { type DiaryReminder, postedOfficials, remindersDue, remindersFor } from '../domain/reminders';
import type { SettingsStore } from '../store/settings-store';

/**
 * Once a working day per tenant, at the tenant's reminder time, publishes DiaryReminderDue for
 * every official who has logged nothing that day (a notification service sends the message).
 * The run is recorded with its events in one transaction, so replicas and restarts never
 * remind twice.
 */
export class DiaryReminders implements Worker {
  readonly name = 'diary reminders';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deps: {
      pool: Pool;
      settings: SettingsStore;
      directory: DirectoryView;
      encoder: EventEncoder;
      log: Logger;
      intervalMs: number;
      now?: () => Date;
    },
  ) {}

  async start(): Promise<void> {
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((err) => this.deps.log.warn({ err: (err as Error).message }, 'diary reminders: run failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.deps.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Checks every tenant once; answers how many officials were reminded. */
  async runOnce(): Promise<number> {
    const now = this.deps.now?.() ?? new Date();
    let reminded = 0;
    for (const tenantId of this.deps.directory.tenants()) {
      const context = await this.deps.settings.contextOf(tenantId, now, []);
      if (!remindersDue(context, now)) continue;
      reminded += await this.remind(tenantId, context.today, now);
    }
    return reminded;
  }

  private async remind(tenantId: string, date: string, now: Date): Promise<number> {
    const { pool, directory, encoder } = this.deps;
    const done = await pool.query('SELECT 1 FROM diary_reminder_run WHERE tenant_id = $1 AND run_date = $2', [tenantId, date]);
    if (done.rowCount) return 0;
    return withTransaction(pool, async (c) => {
      const claimed = await c.query(
        'INSERT INTO diary_reminder_run (tenant_id, run_date, reminded, ran_at) VALUES ($1, $2, 0, $3) ON CONFLICT DO NOTHING',
        [tenantId, date, now],
      );
      if (!claimed.rowCount) return 0;
      const { rows } = await c.query('SELECT official_id FROM diary_day WHERE tenant_id = $1 AND work_date = $2 AND entry_count > 0', [
        tenantId,
        date,
      ]);
      const due = remindersFor(postedOfficials(directory, tenantId, date), new Set(rows.map((r) => r.official_id)), date);
      await writeOutbox(
        c,
        due.map((r) => this.eventOf(r, encoder, now)),
      );
      await c.query('UPDATE diary_reminder_run SET reminded = $3 WHERE tenant_id = $1 AND run_date = $2', [tenantId, date, due.length]);
      this.deps.log.info({ tenantId, date, reminded: due.length }, 'diary reminders published');
      return due.length;
    });
  }

  private eventOf(r: DiaryReminder, encoder: EventEncoder, now: Date): OutboxRecord {
    return encoder.encode({
      type: Events.DiaryReminderDue,
      payload: r,
      tenantId: r.tenantId,
      aggregateId: r.officialId,
      aggregateVersion: 0,
      occurredAt: now,
    });
  }
}
