import { EntityWriter, type OutboxRecord, type Pool, type Statement } from '@thuocdo/db';
import { type Actor, auditOf, toPage } from '@thuocdo/kit';
import type { KpiDecision, KpiSet, KpiSetChange, KpiSetClashes, KpiSetQuery, NewKpiSet } from '../domain/kpi-set';

const kpiSetOf = (r: any): KpiSet => ({
  id: r.id,
  tenantId: r.tenant_id,
  kind: r.kind,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  jobPositionId: r.job_position_id,
  year: r.year,
  name: r.name,
  indicators: r.indicators,
  version: r.version,
  updatedBy: r.updated_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** A set's row, new or replacing the version the decision read: a lost race changes no row (WriteConflict). */
function statementOf(c: KpiSetChange): Statement {
  const s = c.after;
  if (!c.before)
    return {
      name: 'kpi-set-insert',
      text: `INSERT INTO kpi_set (id, tenant_id, kind, agency_id, unit_id, job_position_id, year, name, indicators, version, updated_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10, $11, $12, $13) ON CONFLICT DO NOTHING RETURNING id`,
      values: [
        s.id,
        s.tenantId,
        s.kind,
        s.agencyId,
        s.unitId,
        s.jobPositionId,
        s.year,
        s.name,
        JSON.stringify(s.indicators),
        s.version,
        s.updatedBy,
        s.createdAt,
        s.updatedAt,
      ],
    };
  return {
    name: 'kpi-set-update',
    text: `UPDATE kpi_set SET name = $3, indicators = $4::jsonb, version = $5, updated_by = $6, updated_at = $7
            WHERE id = $1 AND version = $2 RETURNING id`,
    values: [s.id, c.before.version, s.name, JSON.stringify(s.indicators), s.version, s.updatedBy, s.updatedAt],
  };
}

/** KPI sets: the reads their decisions need, each change with its event and audit row in one transaction, and the list. */
export class KpiStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (c: KpiSetChange) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  async kpiSet(tenantId: string, id: string): Promise<KpiSet | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM kpi_set WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows.map(kpiSetOf)[0];
  }

  async kpiSetClashes(tenantId: string, s: NewKpiSet): Promise<KpiSetClashes> {
    const { rows } = await this.pool.query(
      `SELECT * FROM kpi_set WHERE tenant_id = $1 AND kind = $2 AND agency_id = $3 AND unit_id IS NOT DISTINCT FROM $4
          AND job_position_id IS NOT DISTINCT FROM $5 AND year = $6`,
      [tenantId, s.kind, s.agencyId, s.unitId, s.jobPositionId, s.year],
    );
    return { sameOwnerAndYear: rows.map(kpiSetOf)[0] };
  }

  /** The set's row, its KpiSetChanged event and its audit row, in one statement. */
  save(d: KpiDecision, actor: Actor): Promise<void> {
    const [change] = d.events;
    return this.writer.write([statementOf(change)], d.events.map(this.toOutbox), [
      auditOf(actor, 'kpi_set', change.after.id, change.before, change.after),
    ]);
  }

  async listKpiSets(tenantId: string, q: KpiSetQuery) {
    const f = q.filters;
    const after = q.page.after;
    const { rows } = await this.pool.query(
      `SELECT * FROM kpi_set
        WHERE tenant_id = $1
          AND ($2::int IS NULL OR year = $2) AND ($3::text IS NULL OR kind = $3) AND ($4::uuid IS NULL OR agency_id = $4)
          AND ($5::uuid IS NULL OR unit_id = $5) AND ($6::uuid IS NULL OR job_position_id = $6)
          AND ($7::int IS NULL OR (year, name, id) > ($7, $8::text, $9::uuid))
        ORDER BY year, name, id LIMIT $10`,
      [
        tenantId,
        f.year,
        f.kind,
        f.agencyId,
        f.unitId,
        f.jobPositionId,
        after ? Number(after[0]) : null,
        after?.[1] ?? null,
        after?.[2] ?? null,
        q.page.size + 1,
      ],
    );
    return toPage(rows.map(kpiSetOf), q.page, q.filters, (s) => [String(s.year), s.name, s.id]);
  }
}
