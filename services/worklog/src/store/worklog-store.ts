import { outboxInsertFrom, type Pool, type PoolClient, uuidv7 } from '@thuocdo/db';
import { toOutboxRecord } from '@thuocdo/messaging';
import { Events, type worklogV1 } from '@thuocdo/proto';
import type { ListQuery, NewWorkLog, OfficialRef } from '../domain/work-log';
import { ReferenceCache } from './reference-cache';

const entryRow = (r: any): worklogV1.WorkLogEntry => ({
  id: r.id,
  tenantId: r.tenant_id,
  officialId: r.official_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  workDate: r.work_date,
  workItemId: r.work_item_id,
  quantity: Number(r.quantity),
  minutes: r.minutes,
  note: r.note,
  createTime: r.created_at,
});

const ENTRY_COLUMNS = `id, tenant_id, official_id, agency_id, unit_id, to_char(work_date, 'YYYY-MM-DD') AS work_date,
  work_item_id, quantity, minutes, note, created_at`;

export interface References {
  official?: OfficialRef;
  workItemKnown: boolean;
}

export class WorklogStore {
  constructor(
    private readonly pool: Pool,
    private readonly cache = new ReferenceCache(),
  ) {}

  /**
   * The official and the work item as this service knows them from org and catalog events:
   * from the cache, or in one query (a named statement, parsed and planned once per connection).
   */
  async references(tenantId: string, officialId: string, workItemId: string): Promise<References> {
    const cached = this.cache.official(tenantId, officialId);
    if (cached && this.cache.workItemKnown(tenantId, workItemId)) return { official: cached, workItemKnown: true };
    const { rows } = await this.pool.query({
      name: 'worklog-references',
      text: `SELECT o.agency_id, o.unit_id, w.id AS work_item_id
               FROM (SELECT 1) one
               LEFT JOIN official_ref o ON o.id = $1 AND o.tenant_id = $3
               LEFT JOIN work_item_ref w ON w.id = $2 AND w.tenant_id = $3`,
      values: [officialId, workItemId, tenantId],
    });
    const r = rows[0];
    const official = r.agency_id ? { agencyId: r.agency_id, unitId: r.unit_id } : undefined;
    if (official) this.cache.rememberOfficial(tenantId, officialId, official);
    if (r.work_item_id) this.cache.rememberWorkItem(tenantId, workItemId);
    return { official, workItemKnown: Boolean(r.work_item_id) };
  }

  /** An official as this service knows it (cache or one query). */
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

  private async findByRequestId(tenantId: string, requestId: string): Promise<worklogV1.WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = $2`, [
      tenantId,
      requestId,
    ]);
    return rows[0] ? entryRow(rows[0]) : undefined;
  }

  /**
   * Writes the entry and its WorkLogged event in one statement (hence one transaction and one
   * round trip). When the request id was used before, nothing is written and the entry of
   * that first request is returned with `repeated: true`.
   */
  async logWork(
    tenantId: string,
    createdBy: string,
    w: NewWorkLog,
    official: OfficialRef,
  ): Promise<{ entry: worklogV1.WorkLogEntry; repeated: boolean }> {
    const entry: worklogV1.WorkLogEntry = {
      id: uuidv7(),
      tenantId,
      officialId: w.officialId,
      agencyId: official.agencyId,
      unitId: official.unitId,
      workDate: w.workDate,
      workItemId: w.workItemId,
      quantity: w.quantity,
      minutes: w.minutes,
      note: w.note,
      createTime: new Date(),
    };
    const event = outboxInsertFrom(
      'e',
      toOutboxRecord({ type: Events.WorkLogged, payload: { entry }, producer: 'worklog', tenantId, aggregateId: entry.id }),
      14,
    );
    const { rowCount } = await this.pool.query({
      name: 'worklog-insert',
      text: `WITH e AS (
         INSERT INTO work_log_entry (id, tenant_id, official_id, agency_id, unit_id, work_date, work_item_id,
           quantity, minutes, note, request_id, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
         ON CONFLICT (tenant_id, request_id) WHERE request_id IS NOT NULL DO NOTHING
         RETURNING id)
       ${event.sql}`,
      values: [
        entry.id,
        tenantId,
        entry.officialId,
        entry.agencyId,
        entry.unitId,
        entry.workDate,
        entry.workItemId,
        entry.quantity,
        entry.minutes,
        entry.note,
        w.requestId,
        createdBy,
        entry.createTime,
        ...event.params,
      ],
    });
    if (rowCount === 1) return { entry, repeated: false };
    const first = w.requestId ? await this.findByRequestId(tenantId, w.requestId) : undefined;
    if (!first) throw new Error('work log entry was neither written nor found');
    return { entry: first, repeated: true };
  }

  async list(tenantId: string, q: ListQuery): Promise<{ entries: worklogV1.WorkLogEntry[]; next: string }> {
    const { rows } = await this.pool.query(
      `SELECT ${ENTRY_COLUMNS} FROM work_log_entry
        WHERE tenant_id = $1 AND official_id = $2 AND work_date BETWEEN $3 AND $4 AND ($5::uuid IS NULL OR id > $5)
        ORDER BY id LIMIT $6`,
      [tenantId, q.officialId, q.fromDate, q.toDate, q.after, q.pageSize + 1],
    );
    const more = rows.length > q.pageSize;
    const entries = rows.slice(0, q.pageSize).map(entryRow);
    return { entries, next: more ? entries[entries.length - 1].id : '' };
  }

  /** Read-model upserts, applied from org and catalog events. */
  async upsertOfficial(c: PoolClient, o: { id: string; tenantId: string; agencyId: string; unitId: string }): Promise<void> {
    await c.query(
      `INSERT INTO official_ref (id, tenant_id, agency_id, unit_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET agency_id = EXCLUDED.agency_id, unit_id = EXCLUDED.unit_id, updated_at = now()`,
      [o.id, o.tenantId, o.agencyId, o.unitId],
    );
  }

  async upsertWorkItem(c: PoolClient, w: { id: string; tenantId: string; code: string; standardMinutes: number }): Promise<void> {
    await c.query(
      `INSERT INTO work_item_ref (id, tenant_id, code, standard_minutes) VALUES ($1, $2, $3, $4)
       ON CONFLICT (id) DO UPDATE SET code = EXCLUDED.code, standard_minutes = EXCLUDED.standard_minutes, updated_at = now()`,
      [w.id, w.tenantId, w.code, w.standardMinutes],
    );
  }
}
