import { isUniqueViolation, type Pool, type PoolClient, uuidv7, withTransaction, writeOutbox } from '@thuocdo/db';
import { toOutboxRecord } from '@thuocdo/messaging';
import { Events, type worklogV1 } from '@thuocdo/proto';
import type { ListQuery, NewWorkLog, OfficialRef } from '../domain/work-log';

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
  constructor(private readonly pool: Pool) {}

  /** The official and work item as this service knows them from org and catalog events. */
  async references(tenantId: string, officialId: string, workItemId: string): Promise<References> {
    const { rows } = await this.pool.query(
      `SELECT o.agency_id, o.unit_id, w.id AS work_item_id
         FROM (SELECT 1) one
         LEFT JOIN official_ref o ON o.id = $1 AND o.tenant_id = $3
         LEFT JOIN work_item_ref w ON w.id = $2 AND w.tenant_id = $3`,
      [officialId, workItemId, tenantId],
    );
    const r = rows[0];
    return {
      official: r.agency_id ? { agencyId: r.agency_id, unitId: r.unit_id } : undefined,
      workItemKnown: Boolean(r.work_item_id),
    };
  }

  async findByRequestId(tenantId: string, requestId: string): Promise<worklogV1.WorkLogEntry | undefined> {
    const { rows } = await this.pool.query(`SELECT ${ENTRY_COLUMNS} FROM work_log_entry WHERE tenant_id = $1 AND request_id = $2`, [
      tenantId,
      requestId,
    ]);
    return rows[0] ? entryRow(rows[0]) : undefined;
  }

  /**
   * Writes the entry and its WorkLogged event in one transaction. A request id seen before
   * returns the entry written the first time (safe client retries).
   */
  async logWork(tenantId: string, createdBy: string, w: NewWorkLog, official: OfficialRef): Promise<worklogV1.WorkLogEntry> {
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
    try {
      await withTransaction(this.pool, async (c: PoolClient) => {
        await c.query(
          `INSERT INTO work_log_entry (id, tenant_id, official_id, agency_id, unit_id, work_date, work_item_id,
             quantity, minutes, note, request_id, created_by, created_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
          [
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
          ],
        );
        await writeOutbox(c, [
          toOutboxRecord({ type: Events.WorkLogged, payload: { entry }, producer: 'worklog', tenantId, aggregateId: entry.id }),
        ]);
      });
      return entry;
    } catch (err) {
      if (w.requestId && isUniqueViolation(err, 'work_log_entry_request')) {
        const first = await this.findByRequestId(tenantId, w.requestId);
        if (first) return first;
      }
      throw err;
    }
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
