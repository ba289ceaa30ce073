import type { Pool, PoolClient } from '@thuocdo/db';
import type { WorkItemRevisionRef } from '../domain/work-item-ref';

const COLUMNS = `work_item_id, revision, tenant_id, code, name, product_unit, standard_minutes, difficulty_min, difficulty_max,
  urgency_min, urgency_max, effective_from, effective_to`;

const refOf = (r: any): WorkItemRevisionRef => ({
  workItemId: r.work_item_id,
  revision: r.revision,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  productUnit: r.product_unit,
  standardMinutes: r.standard_minutes,
  difficulty: { min: r.difficulty_min, max: r.difficulty_max },
  urgency: { min: r.urgency_min, max: r.urgency_max },
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
});

/** A published revision as the catalog's WorkItemChanged event carries it. */
export interface PublishedRevision {
  id: string;
  tenantId: string;
  revision: number;
  code: string;
  name: string;
  productUnit: string;
  standardMinutes: number;
  difficulty?: { minHundredths: number; maxHundredths: number };
  urgency?: { minHundredths: number; maxHundredths: number };
  effectiveFrom: string;
  effectiveTo: string;
}

/**
 * The catalog's work items as this service knows them from the catalog's events: every published
 * revision with its dates. Writes and tasks read an item's revisions through a short-lived cache
 * (the hot path costs no round trip for them); an item unknown a moment ago is read again.
 */
export class WorkItemRefs {
  private readonly cache = new Map<string, { until: number; revisions: WorkItemRevisionRef[] }>();

  constructor(
    private readonly pool: Pool,
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  /** An item's revisions, newest first; none when the item is unknown to the tenant. */
  async revisionsOf(tenantId: string, workItemId: string): Promise<WorkItemRevisionRef[]> {
    const key = `${tenantId}/${workItemId}`;
    const hit = this.cache.get(key);
    if (hit && hit.until > Date.now()) return hit.revisions;
    const { rows } = await this.pool.query({
      name: 'worklog-work-item-revisions',
      text: `SELECT ${COLUMNS} FROM work_item_revision_ref WHERE tenant_id = $1 AND work_item_id = $2 ORDER BY revision DESC`,
      values: [tenantId, workItemId],
    });
    const revisions = rows.map(refOf);
    if (revisions.length) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, { until: Date.now() + this.ttlMs, revisions });
    }
    return revisions;
  }

  /** Revisions of several items at once (batches, suggestions), newest first per item. */
  async revisionsOfMany(tenantId: string, workItemIds: readonly string[]): Promise<Map<string, WorkItemRevisionRef[]>> {
    const out = new Map<string, WorkItemRevisionRef[]>();
    const missing: string[] = [];
    for (const id of new Set(workItemIds)) {
      const hit = this.cache.get(`${tenantId}/${id}`);
      if (hit && hit.until > Date.now()) out.set(id, hit.revisions);
      else missing.push(id);
    }
    if (missing.length) {
      const { rows } = await this.pool.query(
        `SELECT ${COLUMNS} FROM work_item_revision_ref WHERE tenant_id = $1 AND work_item_id = ANY($2::uuid[]) ORDER BY work_item_id, revision DESC`,
        [tenantId, missing],
      );
      for (const r of rows.map(refOf)) {
        const list = out.get(r.workItemId) ?? [];
        list.push(r);
        out.set(r.workItemId, list);
      }
    }
    return out;
  }

  /**
   * Applies a published revision from a catalog event. A revision's values never change; its end
   * does (retirement), and the revision before it ends where it begins. An older event never
   * overwrites a newer one.
   */
  async apply(c: PoolClient, p: PublishedRevision, eventVersion: number): Promise<void> {
    await c.query(
      `INSERT INTO work_item_revision_ref (work_item_id, revision, tenant_id, code, name, product_unit, standard_minutes,
         difficulty_min, difficulty_max, urgency_min, urgency_max, effective_from, effective_to, event_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12,
               -- A revision whose event comes after a later revision's ends where that one begins.
               LEAST($13::date, (SELECT min(effective_from) FROM work_item_revision_ref WHERE work_item_id = $1 AND revision > $2)), $14)
       ON CONFLICT (work_item_id, revision) DO UPDATE SET effective_to = EXCLUDED.effective_to, event_version = EXCLUDED.event_version,
         updated_at = now()
       WHERE work_item_revision_ref.event_version < EXCLUDED.event_version`,
      [
        p.id,
        p.revision,
        p.tenantId,
        p.code,
        p.name,
        p.productUnit,
        p.standardMinutes,
        p.difficulty?.minHundredths || 100,
        p.difficulty?.maxHundredths || 100,
        p.urgency?.minHundredths || 100,
        p.urgency?.maxHundredths || 100,
        p.effectiveFrom,
        p.effectiveTo || null,
        eventVersion,
      ],
    );
    await c.query(
      `UPDATE work_item_revision_ref SET effective_to = $3, updated_at = now()
        WHERE work_item_id = $1 AND revision < $2 AND (effective_to IS NULL OR effective_to > $3)`,
      [p.id, p.revision, p.effectiveFrom],
    );
    this.cache.delete(`${p.tenantId}/${p.id}`);
  }
}
