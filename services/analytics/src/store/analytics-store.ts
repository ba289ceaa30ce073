import { formatHundredths, toPage } from '@thuocdo/kit';
import type { AgencyDailyWorkRow, AgencyName, DailyWorkQuery, WorkLogFact } from '../domain/dashboard';
import { newFacts } from '../domain/dashboard';
import type { ClickHouse } from './clickhouse';

/** ClickHouse's text form of a DateTime64(3) in UTC, as JSONEachRow reads it. */
const dateTime64 = (d: Date) => d.toISOString().replace('T', ' ').replace('Z', '');

const factRow = (f: WorkLogFact) => ({
  tenant_id: f.tenantId,
  agency_id: f.agencyId,
  unit_id: f.unitId,
  official_id: f.officialId,
  work_item_id: f.workItemId,
  entry_id: f.entryId,
  work_date: f.workDate,
  quantity: formatHundredths(f.quantity),
  minutes: f.minutes,
  event_id: f.eventId,
  created_at: dateTime64(f.createdAt),
  version: f.version,
});

export class AnalyticsStore {
  constructor(private readonly ch: ClickHouse) {}

  /**
   * Stores facts whose entries are not stored yet, so that a redelivered event is counted once
   * in the rollup. Events of one entry always arrive on one partition (keyed by entry id), so
   * a single consumer decides for each entry. Returns how many rows were inserted.
   */
  async addWorkLogFacts(facts: WorkLogFact[], deduplicationToken: string): Promise<number> {
    if (facts.length === 0) return 0;
    const stored = await this.ch.query<{ entry_id: string }>(
      `SELECT entry_id FROM work_log_fact
        WHERE tenant_id IN {tenants:Array(String)} AND work_date IN {dates:Array(Date)} AND entry_id IN {ids:Array(UUID)}`,
      {
        tenants: [...new Set(facts.map((f) => f.tenantId))],
        dates: [...new Set(facts.map((f) => f.workDate))],
        ids: facts.map((f) => f.entryId),
      },
    );
    const rows = newFacts(facts, new Set(stored.map((r) => r.entry_id))).map(factRow);
    await this.ch.insert('work_log_fact', rows, deduplicationToken);
    return rows.length;
  }

  async addAgencies(names: AgencyName[]): Promise<void> {
    await this.ch.insert(
      'agency_dim',
      names.map((a) => ({ tenant_id: a.tenantId, agency_id: a.agencyId, code: a.code, name: a.name, version: a.version })),
    );
  }

  async agencyDailyWork(tenantId: string, q: DailyWorkQuery) {
    const [afterDay, afterAgency] = q.page.after ?? ['', ''];
    const rows = await this.ch.query<{ agency_id: string; day: string; minutes: string; entries: string }>(
      `SELECT agency_id, toString(work_date) AS day, sum(minutes) AS minutes, sum(entries) AS entries
         FROM agency_daily_work
        WHERE tenant_id = {tenant:String} AND work_date BETWEEN {from:Date} AND {to:Date}
          AND ({agency:String} = '' OR agency_id = toUUIDOrZero({agency:String}))
          AND ({everyAgency:Bool} OR agency_id IN {agencies:Array(UUID)})
          AND (work_date, agency_id) > (toDateOrZero({afterDay:String}), toUUIDOrZero({afterAgency:String}))
        GROUP BY agency_id, work_date
        ORDER BY work_date, agency_id
        LIMIT {limit:UInt32}`,
      {
        tenant: tenantId,
        from: q.filters.fromDate,
        to: q.filters.toDate,
        agency: q.filters.agencyId ?? '',
        everyAgency: q.agencies === null,
        agencies: q.agencies ?? [],
        afterDay,
        afterAgency,
        limit: q.page.size + 1,
      },
    );
    const agencies = [...new Set(rows.map((r) => r.agency_id))];
    const names = agencies.length
      ? await this.ch.query<{ agency_id: string; name: string }>(
          `SELECT agency_id, argMax(name, version) AS name FROM agency_dim
            WHERE tenant_id = {tenant:String} AND agency_id IN {ids:Array(UUID)} GROUP BY agency_id`,
          { tenant: tenantId, ids: agencies },
        )
      : [];
    const nameOf = new Map(names.map((n) => [n.agency_id, n.name]));
    const out: AgencyDailyWorkRow[] = rows.map((r) => ({
      agencyId: r.agency_id,
      agencyName: nameOf.get(r.agency_id) ?? '',
      workDate: r.day,
      minutes: Number(r.minutes),
      entries: Number(r.entries),
    }));
    return toPage(out, q.page, q.filters, (r) => [r.workDate, r.agencyId]);
  }
}
