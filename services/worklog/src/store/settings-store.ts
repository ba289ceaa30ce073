import { EntityWriter, type Pool } from '@thuocdo/db';
import { type Actor, auditOf, todayInVietnam } from '@thuocdo/kit';
import { DEFAULT_DIARY_SETTINGS, type DiarySettings, type DiarySettingsFields } from '../domain/diary-settings';
import type { DiaryContext } from '../domain/work-log';
import { type CalendarYear, calendarYear, yearsAround } from '../domain/working-calendar';

/**
 * The tenant's diary rules, closed months and working calendars. They change rarely and every
 * write reads them, so they are kept for a few seconds; the statement that writes an entry
 * checks the closed months itself, so a month closed a moment ago is never written into.
 */
export class SettingsStore {
  private readonly writer: EntityWriter;
  private readonly settings = new Map<string, { until: number; value: Promise<DiarySettings> }>();
  private readonly calendarCache = new Map<string, { until: number; value: Promise<CalendarYear | null> }>();

  constructor(
    private readonly pool: Pool,
    private readonly ttlMs = 5_000,
  ) {
    this.writer = new EntityWriter(pool);
  }

  settingsOf(tenantId: string): Promise<DiarySettings> {
    return cached(this.settings, tenantId, this.ttlMs, () => this.readSettings(tenantId));
  }

  private async readSettings(tenantId: string): Promise<DiarySettings> {
    const [{ rows }, months] = await Promise.all([
      this.pool.query('SELECT * FROM diary_settings WHERE tenant_id = $1', [tenantId]),
      this.pool.query(`SELECT to_char(month, 'YYYY-MM') AS month FROM diary_closed_month WHERE tenant_id = $1 ORDER BY month`, [tenantId]),
    ]);
    const closedMonths = months.rows.map((r) => r.month as string);
    const r = rows[0];
    if (!r) return { ...DEFAULT_DIARY_SETTINGS, closedMonths };
    return {
      standardDayMinutes: r.standard_day_minutes,
      hardLimitMinutes: r.hard_limit_minutes,
      lateAfterWorkingDays: r.late_after_working_days,
      reminderTime: r.reminder_time,
      selfAssignedTasks: r.self_assigned_tasks,
      closedMonths,
      version: Number(r.version),
    };
  }

  /** Saves the rules if they are still at `version` (0: never saved); false when someone changed them since. */
  async saveSettings(tenantId: string, s: DiarySettingsFields, before: DiarySettings, actor: Actor): Promise<void> {
    const version = before.version + 1;
    await this.writer.write(
      [
        {
          text: `INSERT INTO diary_settings (tenant_id, standard_day_minutes, hard_limit_minutes, late_after_working_days, reminder_time,
                   self_assigned_tasks, version, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
                 ON CONFLICT (tenant_id) DO UPDATE SET standard_day_minutes = EXCLUDED.standard_day_minutes,
                   hard_limit_minutes = EXCLUDED.hard_limit_minutes, late_after_working_days = EXCLUDED.late_after_working_days,
                   reminder_time = EXCLUDED.reminder_time, self_assigned_tasks = EXCLUDED.self_assigned_tasks,
                   version = EXCLUDED.version, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
                 WHERE diary_settings.version = $7 - 1`,
          values: [
            tenantId,
            s.standardDayMinutes,
            s.hardLimitMinutes,
            s.lateAfterWorkingDays,
            s.reminderTime,
            s.selfAssignedTasks,
            version,
            actor.principal.subject,
            actor.now,
          ],
        },
      ],
      [],
      [auditOf(actor, 'diary_settings', tenantId, before, { ...before, ...s, version })],
    );
    this.settings.delete(tenantId);
  }

  /** Closes a month ("YYYY-MM") or opens it again; answers whether anything changed. */
  async setMonthClosed(tenantId: string, month: string, closed: boolean, actor: Actor): Promise<void> {
    const first = `${month}-01`;
    const statement = closed
      ? {
          text: `INSERT INTO diary_closed_month (tenant_id, month, closed_by, closed_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING`,
          values: [tenantId, first, actor.principal.subject, actor.now],
          rows: 1,
        }
      : { text: 'DELETE FROM diary_closed_month WHERE tenant_id = $1 AND month = $2', values: [tenantId, first], rows: 1 };
    await this.writer.write(
      [statement],
      [],
      [auditOf(actor, 'diary_closed_month', `${tenantId}/${month}`, { closed: !closed }, { closed })],
    );
    this.settings.delete(tenantId);
  }

  /** A year's calendar as HR saved it, or null when it was never edited (fresh: not from the cache, before a write). */
  calendarOf(tenantId: string, year: number, fresh = false): Promise<CalendarYear | null> {
    if (fresh) this.calendarCache.delete(`${tenantId}/${year}`);
    return cached(this.calendarCache, `${tenantId}/${year}`, this.ttlMs, async () => {
      const { rows } = await this.pool.query('SELECT days, version FROM working_calendar WHERE tenant_id = $1 AND year = $2', [
        tenantId,
        year,
      ]);
      return rows[0] ? { year, days: rows[0].days, version: Number(rows[0].version), customised: true } : null;
    });
  }

  /** The calendars of some years, HR's or the shipped ones. */
  async calendars(tenantId: string, years: Iterable<number>): Promise<Map<number, CalendarYear>> {
    const list = [...new Set(years)];
    const saved = await Promise.all(list.map((y) => this.calendarOf(tenantId, y)));
    return new Map(list.map((y, i) => [y, calendarYear(y, saved[i])]));
  }

  /** The rules and calendars a diary decision on some dates needs (fresh: not from the cache, after a write was refused). */
  async contextOf(tenantId: string, now: Date, dates: Iterable<string>, fresh = false): Promise<DiaryContext> {
    if (fresh) this.settings.delete(tenantId);
    const today = todayInVietnam(now);
    const years = [...yearsAround(today), ...[...dates].map((d) => Number(d.slice(0, 4)))];
    const [settings, calendars] = await Promise.all([this.settingsOf(tenantId), this.calendars(tenantId, years)]);
    return { settings, calendars, today };
  }

  async saveCalendar(tenantId: string, c: CalendarYear, before: CalendarYear, actor: Actor): Promise<void> {
    await this.writer.write(
      [
        {
          text: `INSERT INTO working_calendar (tenant_id, year, days, version, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (tenant_id, year) DO UPDATE SET days = EXCLUDED.days, version = EXCLUDED.version,
                   updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
                 WHERE working_calendar.version = $4 - 1`,
          values: [tenantId, c.year, JSON.stringify(c.days), c.version, actor.principal.subject, actor.now],
        },
      ],
      [],
      [auditOf(actor, 'working_calendar', `${tenantId}/${c.year}`, before, c)],
    );
    this.calendarCache.delete(`${tenantId}/${c.year}`);
  }
}

function cached<T>(map: Map<string, { until: number; value: Promise<T> }>, key: string, ttlMs: number, read: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit && hit.until > Date.now()) return hit.value;
  const value = read();
  map.set(key, { until: Date.now() + ttlMs, value });
  value.catch(() => map.delete(key));
  return value;
}
