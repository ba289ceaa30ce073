import { EntityWriter, type OutboxRecord, type Pool, type PoolClient } from '@thuocdo/db';
import { type Actor, auditOf, type Decision, formatHundredths, parseHundredths, toPage } from '@thuocdo/kit';
import type { LogWorkState, NewWorkLog, WorkLogEntry, WorkLogQuery, WorklogEvent } from '../domain/work-log';
import type { ReferenceCache } from './reference-cache';

const ENTRY_COLUMNS = `id, tenant_id, official_id, agency_id, unit_id, to_char(work_date, 'YYYY-MM-DD') AS work_date,
  work_item_id, quantity, minutes, note, request_id, created_by, version, created_at`;

const entryOf = (r: any): WorkLogEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  officialId: r.official_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  workDate: r.work_date,
  workItemId: r.work_item_id,
  quantity: parseHundredths(r.quantity)!,
  minutes: r.minutes,
  note: r.note,
  requestId: r.request_id,
  createdBy: r.created_by,
  version: r.version,
  createdAt: r.created_at,
});

export class WorklogStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: WorklogEvent) => OutboxRecord,
    private readonly cache: ReferenceCache,
  ) {
    this.writer = new EntityWriter(pool);
  }

  /**
   * The work item as this service knows it from catalog events (from the cache, or in one named
   * query, parsed and planned once per connection); after an insert found the request id taken,
   * also the entry written under it.
   */
  async logWorkState(tenantId: string, w: NewWorkLog, afterConflict: boolean): Promise<LogWorkState> {
    const sameRequest = afterConflict && w.requestId ? await this.entryByRequestId(tenantId, w.requestId) : undefined;
    if (this.cache.workItemKnown(tenantId, w.workItemId)) return { workItemKnown: true, sameRequest };
    const { rows } = await this.pool.query({
      name: 'worklog-work-item',
      text: 'SELECT 1 FROM work_item_ref WHERE id = $1 AND tenant_id = $2',
      values: [w.workItemId, tenantId],
    });
    if (rows.length) this.cache.rememberWorkItem(tenantId, w.workItemId);
    return { workItemKnown: rows.length > 0, sameRequest };
  }

  private async entryByRequestId(tenantId: string, requestId: string): Promise<WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = $2`, [
      tenantId,
      requestId,
    ]);
    return rows.map(entryOf)[0];
  }

  /** The entry, its WorkLogged event and its audit row in one statement: one round trip, one transaction. */
  saveEntry(d: Decision<WorkLogEntry, WorklogEvent>, actor: Actor): Promise<void> {
    const e = d.entity;
    return this.writer.write(
      [
        {
          name: 'worklog-insert',
          text: `INSERT INTO work_log_entry (id, tenant_id, official_id, agency_id, unit_id, work_date, work_item_id,
                   quantity, minutes, note, request_id, created_by, version, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                 ON CONFLICT (tenant_id, request_id) WHERE request_id IS NOT NULL DO NOTHING
                 RETURNING id`,
          values: [
            e.id,
            e.tenantId,
            e.officialId,
            e.agencyId,
            e.unitId,
            e.workDate,
            e.workItemId,
            formatHundredths(e.quantity),
            e.minutes,
            e.note,
            e.requestId,
            e.createdBy,
            e.version,
            e.createdAt,
          ],
        },
      ],
      d.events.map(this.toOutbox),
      [auditOf(actor, 'work_log_entry', e.id, null, e)],
    );
  }

  /** Entries of an official in a date range, inside the caller's reach on each entry's date. */
  async listEntries(tenantId: string, q: WorkLogQuery) {
    const r = q.reach;
    const { rows } = await this.pool.query(
      `SELECT ${ENTRY_COLUMNS} FROM work_log_entry e
        WHERE tenant_id = $1 AND official_id = $2 AND work_date BETWEEN $3 AND $4 AND ($5::uuid IS NULL OR id > $5)
          AND ($7 OR official_id = $8::uuid OR agency_id = ANY($9::uuid[]) OR EXISTS (
                SELECT 1 FROM unnest($10::uuid[], $11::date[], $12::date[]) AS s(unit_id, valid_from, valid_to)
                 WHERE s.unit_id = e.unit_id AND e.work_date >= s.valid_from AND (s.valid_to IS NULL OR e.work_date < s.valid_to)))
        ORDER BY id LIMIT $6`,
      [
        tenantId,
        q.filters.officialId,
        q.filters.fromDate,
        q.filters.toDate,
        q.page.after,
        q.page.size + 1,
        r.all,
        r.officialId,
        r.agencies,
        r.intervals.map((i) => i.unitId),
        r.intervals.map((i) => i.from),
        r.intervals.map((i) => i.to),
      ],
    );
    return toPage(rows.map(entryOf), q.page, q.filters, (e) => e.id);
  }

  /** Read-model upsert, applied from catalog events; an older version never overwrites a newer one. */
  async upsertWorkItem(
    c: PoolClient,
    w: { id: string; tenantId: string; code: string; standardMinutes: number },
    version: number,
  ): Promise<void> {
    await c.query(
      `INSERT INTO work_item_ref (id, tenant_id, code, standard_minutes, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, standard_minutes = EXCLUDED.standard_minutes, version = EXCLUDED.version,
         updated_at = now()
       WHERE work_item_ref.version < EXCLUDED.version`,
      [w.id, w.tenantId, w.code, w.standardMinutes, version],
    );
  }
}
