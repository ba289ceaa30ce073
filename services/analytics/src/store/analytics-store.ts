import type { analyticsV1 } from '@thuocdo/proto';
import type { DailyWorkQuery, WorkLogFact } from '../domain/dashboard';
import { newFacts } from '../domain/dashboard';
import type { ClickHouse } from './clickhouse';

export interface AgencyRow {
  tenant_id: string;
  agency_id: string;
  code: string;
  name: string;
  version: number;
}

export class AnalyticsStore {
  constructor(private readonly ch: ClickHouse) {}

  /**
   * Stores facts whose entries are not stored yet, so that a redelivered event is counted once
   * in the rollup. Events of one entry always arrive on one partition (keyed by entry id), so
   * a single consumer decides for each entry. Returns how many rows were inserted.
   */
  async addWorkLogFacts(facts: WorkLogFact[], deduplicationToken: string): Promise<number> {
    if (facts.length === 0) return 0;
    const dates = [...new Set(facts.map((f) => f.work_date))];
    const stored = await this.ch.query<{ entry_id: string }>(
      `SELECT entry_id FROM work_log_fact
        WHERE tenant_id IN {tenants:Array(String)} AND work_date IN {dates:Array(Date)} AND entry_id IN {ids:Array(UUID)}`,
      { tenants: [...new Set(facts.map((f) => f.tenant_id))], dates, ids: facts.map((f) => f.entry_id) },
    );
    const rows = newFacts(facts, new Set(stored.map((r) => r.entry_id)));
    await this.ch.insert('work_log_fact', rows, deduplicationToken);
    return rows.length;
  }

  async addAgencies(rows: AgencyRow[]): Promise<void> {
    await this.ch.insert('agency_dim', rows);
  }

  async agencyDailyWork(tenantId: string, q: DailyWorkQuery): Promise<analyticsV1.AgencyDailyWork[]> {
    const params = { tenant: tenantId, from: q.fromDate, to: q.toDate, agency: q.agencyId ?? '' };
    const [rows, names] = await Promise.all([
      this.ch.query<{ agency_id: string; day: string; minutes: string; entries: string }>(
        `SELECT agency_id, toString(work_date) AS day, sum(minutes) AS minutes, sum(entries) AS entries
           FROM agency_daily_work
          WHERE tenant_id = {tenant:String} AND work_date BETWEEN {from:Date} AND {to:Date}
            AND ({agency:String} = '' OR agency_id = toUUIDOrZero({agency:String}))
          GROUP BY agency_id, work_date
          ORDER BY day, agency_id`,
        params,
      ),
      this.ch.query<{ agency_id: string; name: string }>(
        `SELECT agency_id, argMax(name, version) AS name FROM agency_dim
          WHERE tenant_id = {tenant:String} GROUP BY agency_id`,
        params,
      ),
    ]);
    const nameOf = new Map(names.map((n) => [n.agency_id, n.name]));
    return rows.map((r) => ({
      agencyId: r.agency_id,
      agencyName: nameOf.get(r.agency_id) ?? '',
      workDate: r.day,
      minutes: Number(r.minutes),
      entries: Number(r.entries),
    }));
  }

  ping(): Promise<unknown> {
    return this.ch.query('SELECT 1 AS ok');
  }
}
