import { EntityWriter, type OutboxRecord, type Pool, type PoolClient } from '@thuocdo/db';
import { type Decision, formatHundredths, parseHundredths, toPage } from '@thuocdo/kit';
import type { LogWorkState, NewWorkLog, OfficialRef, WorkLogEntry, WorkLogQuery, WorklogEvent } from '../domain/work-log';
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
   * The official and the work item as this service knows them from org and catalog events: from
   * the cache, or in one query (a named statement, parsed and planned once per connection).
   * After an insert found the request id taken, also the entry written under it.
   */
  async logWorkState(tenantId: string, w: NewWorkLog, afterConflict: boolean): Promise<LogWorkState> {
    const sameRequest = afterConflict && w.requestId ? await this.entryByRequestId(tenantId, w.requestId) : undefined;
    const cached = this.cache.official(tenantId, w.officialId);
    if (cached && this.cache.workItemKnown(tenantId, w.workItemId)) return { official: cached, workItemKnown: true, sameRequest };
    const { rows } = await this.pool.query({
      name: 'worklog-references',
      text: `SELECT o.agency_id, o.unit_id, w.id AS work_item_id
               FROM (SELECT 1) one
               LEFT JOIN official_ref o ON o.id = $1 AND o.tenant_id = $3
               LEFT JOIN work_item_ref w ON w.id = $2 AND w.tenant_id = $3`,
      values: [w.officialId, w.workItemId, tenantId],
    });
    const r = rows[0];
    const official = r.agency_id ? { agencyId: r.agency_id, unitId: r.unit_id } : undefined;
    if (official) this.cache.rememberOfficial(tenantId, w.officialId, official);
    if (r.work_item_id) this.cache.rememberWorkItem(tenantId, w.workItemId);
    return { official, workItemKnown: Boolean(r.work_item_id), sameRequest };
  }

  /** An official as this service knows them (cache or one query). */
  async official(tenantId: string, officialId: string): Promise<OfficialRef | undefined> {
    const cached = this.cache.official(tenantId, officialId);
    if (cached) return cached;
    const { rows } = await this.pool.query('SELECT agency_id, unit_id FROM official_ref WHERE id = $1 AND tenant_id = $2', [
      officialId,
      tenantId,
    ]);
    if (!rows[0]) return undefined;
    const ref = { agencyId: rows[0].agency_id, unitId: rows[0].unit_id };
    this.cache.rememberOfficial(tenantId, officialId, ref);
    return ref;
  }

  private async entryByRequestId(tenantId: string, requestId: string): Promise<WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = $2`, [
      tenantId,
      requestId,
    ]);
    return rows.map(entryOf)[0];
  }

  /** The entry and its WorkLogged event in one statement: one round trip, one transaction. */
  saveEntry(d: Decision<WorkLogEntry, WorklogEvent>): Promise<void> {
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
    );
  }

  async listEntries(tenantId: string, q: WorkLogQuery) {
    const { rows } = await this.pool.query(
      `SELECT ${ENTRY_COLUMNS} FROM work_log_entry
        WHERE tenant_id = $1 AND official_id = $2 AND work_date BETWEEN $3 AND $4 AND ($5::uuid IS NULL OR id > $5)
        ORDER BY id LIMIT $6`,
      [tenantId, q.filters.officialId, q.filters.fromDate, q.filters.toDate, q.page.after, q.page.size + 1],
    );
    return toPage(rows.map(entryOf), q.page, q.filters, (e) => e.id);
  }

  /** Read-model upserts, applied from org and catalog events; an older version never overwrites a newer one. */
  async upsertOfficial(
    c: PoolClient,
    o: { id: string; tenantId: string; agencyId: string; unitId: string },
    version: number,
  ): Promise<void> {
    await c.query(
      `INSERT INTO official_ref (id, tenant_id, agency_id, unit_id, version) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, unit_id = EXCLUDED.unit_id, version = EXCLUDED.version, updated_at = now()
       WHERE official_ref.version < EXCLUDED.version`,
      [o.id, o.tenantId, o.agencyId, o.unitId, version],
    );
  }

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
