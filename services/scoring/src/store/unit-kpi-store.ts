import { EntityWriter, type OutboxRecord, type Pool } from '@thuocdo/db';
import { type Actor, auditOf, type Decision } from '@thuocdo/kit';
import type pg from 'pg';
import type { UnitKpiRecord, UnitKpiSet } from '../domain/unit-kpi';
import { PERIOD_LOCK } from './assessment-store';

const setOf = (r: any): UnitKpiSet => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  year: r.year,
  name: r.name,
  indicators: r.indicators,
  version: Number(r.set_version),
});

const recordOf = (r: any): UnitKpiRecord => ({
  tenantId: r.tenant_id,
  kpiSetId: r.kpi_set_id,
  period: r.period,
  actuals: r.actuals,
  by: r.recorded_by,
  at: r.recorded_at,
  version: r.version,
});

/** Units' KPI sets (kept from catalog's events) and the actual values recorded for them, every recording audited. */
export class UnitKpiStore {
  private readonly writer: EntityWriter;

  constructor(private readonly pool: Pool) {
    this.writer = new EntityWriter(pool);
  }

  /** Keeps a set as catalog published it; an older or repeated event changes nothing. */
  async applySet(c: pg.PoolClient, s: UnitKpiSet, eventVersion: number): Promise<void> {
    await c.query(
      `INSERT INTO unit_kpi_set (id, tenant_id, agency_id, unit_id, year, name, indicators, set_version, event_version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, indicators = EXCLUDED.indicators, set_version = EXCLUDED.set_version,
              event_version = EXCLUDED.event_version
        WHERE unit_kpi_set.event_version < EXCLUDED.event_version`,
      [s.id, s.tenantId, s.agencyId, s.unitId, s.year, s.name, JSON.stringify(s.indicators), s.version, eventVersion],
    );
  }

  async set(tenantId: string, id: string): Promise<UnitKpiSet | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM unit_kpi_set WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0] && setOf(rows[0]);
  }

  /** A year's sets, of one agency or every one, by id; at most `limit` after the id `after`. */
  async sets(tenantId: string, year: number, by: { agencyId?: string | null; after?: string; limit?: number } = {}): Promise<UnitKpiSet[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM unit_kpi_set
        WHERE tenant_id = $1 AND year = $2 AND ($3::uuid IS NULL OR agency_id = $3) AND ($4::uuid IS NULL OR id > $4)
        ORDER BY id LIMIT $5`,
      [tenantId, year, by.agencyId ?? null, by.after ?? null, by.limit ?? null],
    );
    return rows.map(setOf);
  }

  /** The values recorded in a period, by set (of the sets named, or of all). */
  async records(tenantId: string, period: string, setIds: string[] | 'all'): Promise<Map<string, UnitKpiRecord>> {
    const { rows } = await this.pool.query(
      'SELECT * FROM unit_kpi_actual WHERE tenant_id = $1 AND period = $2 AND ($3::uuid[] IS NULL OR kpi_set_id = ANY($3::uuid[]))',
      [tenantId, period, setIds === 'all' ? null : setIds],
    );
    return new Map(rows.map((r) => [r.kpi_set_id, recordOf(r)]));
  }

  /** Writes a new version over the one it replaces, with its event (a lost race writes nothing: WriteConflict). */
  async save(d: Decision<UnitKpiRecord, never>, actor: Actor, before: UnitKpiRecord | undefined, event: OutboxRecord): Promise<void> {
    if (d.unchanged) return;
    const r = d.entity;
    await this.writer.write(
      [
        // As assessments: not while the period closes (closing holds this lock and freezes what it read), nor after.
        { text: `SELECT pg_advisory_xact_lock_shared(${PERIOD_LOCK})`, values: [r.tenantId, r.period], rows: 1 },
        {
          text: "SELECT 1 FROM period WHERE tenant_id = $1 AND period = $2 AND status = 'CLOSED'",
          values: [r.tenantId, r.period],
          rows: 0,
        },
        {
          name: r.version === 1 ? 'scoring-insert-unit-kpi' : 'scoring-update-unit-kpi',
          text:
            r.version === 1
              ? `INSERT INTO unit_kpi_actual (tenant_id, kpi_set_id, period, actuals, recorded_by, recorded_at, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`
              : `UPDATE unit_kpi_actual SET actuals = $4, recorded_by = $5, recorded_at = $6, version = $7
                  WHERE tenant_id = $1 AND kpi_set_id = $2 AND period = $3 AND version = $7 - 1`,
          values: [r.tenantId, r.kpiSetId, r.period, JSON.stringify(r.actuals), r.by, r.at, r.version],
        },
      ],
      [event],
      [auditOf(actor, 'unit_kpi_actual', `${r.period}/${r.kpiSetId}`, before ?? null, r)],
    );
  }
}
