import { EntityWriter, type OutboxRecord, type Pool } from '@thuocdo/db';
import { type Actor, auditOf, type Decision, toPage } from '@thuocdo/kit';
import type { CatalogEvent, NewWorkItem, WorkItem, WorkItemClashes, WorkItemQuery } from '../domain/work-item';

const workItemOf = (r: any): WorkItem => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  productUnit: r.product_unit,
  standardMinutes: r.standard_minutes,
  version: r.version,
  createdAt: r.created_at,
});

export class CatalogStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: CatalogEvent) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  async workItemClashes(tenantId: string, w: NewWorkItem): Promise<WorkItemClashes> {
    const { rows } = await this.pool.query('SELECT * FROM work_item WHERE tenant_id = $1 AND code = $2', [tenantId, w.code]);
    return { sameCode: rows.map(workItemOf)[0] };
  }

  /** The item, its event and its audit row, in one statement. */
  saveWorkItem(d: Decision<WorkItem, CatalogEvent>, actor: Actor): Promise<void> {
    const w = d.entity;
    return this.writer.write(
      [
        {
          name: 'work-item-insert',
          text: `INSERT INTO work_item (id, tenant_id, code, name, product_unit, standard_minutes, version, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
          values: [w.id, w.tenantId, w.code, w.name, w.productUnit, w.standardMinutes, w.version, w.createdAt],
        },
      ],
      d.events.map(this.toOutbox),
      [auditOf(actor, 'work_item', w.id, null, w)],
    );
  }

  async listWorkItems(tenantId: string, q: WorkItemQuery) {
    const { rows } = await this.pool.query(
      `SELECT * FROM work_item WHERE tenant_id = $1 AND ($2::text IS NULL OR starts_with(code, $2)) AND ($3::text IS NULL OR code > $3)
        ORDER BY code LIMIT $4`,
      [tenantId, q.filters.codePrefix, q.page.after, q.page.size + 1],
    );
    return toPage(rows.map(workItemOf), q.page, q.filters, (w) => w.code);
  }
}
