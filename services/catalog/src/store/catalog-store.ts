import { isUniqueViolation, type Pool, uuidv7, withTransaction, writeOutbox } from '@thuocdo/db';
import { AlreadyExistsError } from '@thuocdo/kit';
import { toOutboxRecord } from '@thuocdo/messaging';
import { type catalogV1, Events } from '@thuocdo/proto';
import type { NewWorkItem } from '../domain/work-item';

const { WorkItemCreated } = Events;

const workItemRow = (r: any): catalogV1.WorkItem => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  productUnit: r.product_unit,
  standardMinutes: r.standard_minutes,
  createTime: r.created_at,
});

export class CatalogStore {
  constructor(private readonly pool: Pool) {}

  async createWorkItem(tenantId: string, w: NewWorkItem): Promise<catalogV1.WorkItem> {
    try {
      return await withTransaction(this.pool, async (c) => {
        const { rows } = await c.query(
          `INSERT INTO work_item (id, tenant_id, code, name, product_unit, standard_minutes)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [uuidv7(), tenantId, w.code, w.name, w.productUnit, w.standardMinutes],
        );
        const workItem = workItemRow(rows[0]);
        await writeOutbox(c, [
          toOutboxRecord({ type: WorkItemCreated, payload: { workItem }, producer: 'catalog', tenantId, aggregateId: workItem.id }),
        ]);
        return workItem;
      });
    } catch (err) {
      if (isUniqueViolation(err))
        throw new AlreadyExistsError({ vi: `Mã đầu việc ${w.code} đã tồn tại`, en: `Work item code ${w.code} already exists` }, 'code');
      throw err;
    }
  }

  async listWorkItems(tenantId: string): Promise<catalogV1.WorkItem[]> {
    const { rows } = await this.pool.query('SELECT * FROM work_item WHERE tenant_id = $1 ORDER BY code', [tenantId]);
    return rows.map(workItemRow);
  }
}
