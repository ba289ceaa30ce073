import { type OutboxRecord, type Pool, withTransaction, writeAudit, writeOutbox } from '@thuocdo/db';
import { type Actor, auditOf, WriteConflict } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import type pg from 'pg';
import type { PeriodRow } from '../domain/annual';
import type { ResultRow, StoredOverride } from '../domain/consolidation';
import { neverClosed, type PeriodRecord } from '../domain/period-state';
import type { Role } from '../domain/rule-pack';
import type { ProductSums } from '../domain/score';

const periodOf = (r: any): PeriodRecord => ({
  tenantId: r.tenant_id,
  period: r.period,
  status: r.status,
  closedAt: r.closed_at,
  closedBy: r.closed_by,
  reason: r.reason,
  results: r.results,
  version: Number(r.version),
});

/** One official's stored result of a closed period: the consolidation's row (names come from official_ref) and the score. */
export type StoredResult = Omit<ResultRow, 'fullName' | 'staffCode'> & {
  score: scoringV1.OfficialScore;
  /** What the annual result needs without decoding the breakdown. */
  role: Role;
  sums: ProductSums;
  disqualifiers: string[];
};

/** Rows of results written per statement when a period closes. */
const RESULTS_PER_STATEMENT = 400;

/** Periods and the results they froze; every change audited in its transaction. */
export class PeriodStore {
  constructor(private readonly pool: Pool) {}

  async period(tenantId: string, period: string): Promise<PeriodRecord> {
    const { rows } = await this.pool.query('SELECT * FROM period WHERE tenant_id = $1 AND period = $2', [tenantId, period]);
    return rows[0] ? periodOf(rows[0]) : neverClosed(tenantId, period);
  }

  async result(tenantId: string, period: string, officialId: string): Promise<scoringV1.OfficialScore | undefined> {
    const { rows } = await this.pool.query(
      'SELECT breakdown FROM period_result WHERE tenant_id = $1 AND period = $2 AND official_id = $3',
      [tenantId, period, officialId],
    );
    return rows[0] ? scoringV1.OfficialScore.decode(rows[0].breakdown) : undefined;
  }

  /** An official's stored result as approval chains it: the pack and the breakdown's bytes. */
  async storedResult(tenantId: string, period: string, officialId: string) {
    const { rows } = await this.pool.query(
      'SELECT pack_code, pack_version, breakdown FROM period_result WHERE tenant_id = $1 AND period = $2 AND official_id = $3',
      [tenantId, period, officialId],
    );
    return rows[0]
      ? { packCode: rows[0].pack_code as string, packVersion: rows[0].pack_version as number, breakdown: rows[0].breakdown as Buffer }
      : undefined;
  }

  /** An agency's results of a closed period, with the officials' names, for its consolidation. */
  async agencyResults(tenantId: string, period: string, agencyId: string): Promise<ResultRow[]> {
    const { rows } = await this.pool.query(
      `SELECT r.official_id, coalesce(o.full_name, '') AS full_name, coalesce(o.staff_code, '') AS staff_code, r.agency_id, r.unit_id,
              r.duty_group, r.pack_code, r.pack_version, r.general_points, r.task_points, r.total, r.quality_bp, r.timeliness_bp, r.grade
         FROM period_result r LEFT JOIN official_ref o ON o.id = r.official_id
        WHERE r.tenant_id = $1 AND r.period = $2 AND r.agency_id = $3`,
      [tenantId, period, agencyId],
    );
    return rows.map((r) => ({
      officialId: r.official_id,
      fullName: r.full_name,
      staffCode: r.staff_code,
      agencyId: r.agency_id,
      unitId: r.unit_id,
      dutyGroup: r.duty_group,
      packCode: r.pack_code,
      packVersion: r.pack_version,
      generalPoints: r.general_points,
      taskPoints: r.task_points,
      total: r.total,
      qualityBp: r.quality_bp,
      timelinessBp: r.timeliness_bp,
      grade: r.grade,
    }));
  }

  /** The agency an official's result of the period belongs to. */
  /**
   * Every stored result of a year's months and quarters of the officials named, or of everyone
   * whose latest result that year is in an agency (its annual list: staff who moved in bring
   * their earlier periods).
   */
  async yearResults(tenantId: string, year: number, by: { officialIds: string[] } | { agencyId: string }): Promise<PeriodRow[]> {
    const { rows } = await this.pool.query(
      `WITH year AS (
         SELECT r.*, o.full_name, o.staff_code FROM period_result r LEFT JOIN official_ref o ON o.id = r.official_id
          WHERE r.tenant_id = $1 AND r.period LIKE $2 || '-%'),
       latest AS (SELECT DISTINCT ON (official_id) official_id, agency_id FROM year ORDER BY official_id, period DESC)
       SELECT y.* FROM year y JOIN latest l USING (official_id)
        WHERE ($3::uuid[] IS NOT NULL AND y.official_id = ANY($3::uuid[])) OR l.agency_id = $4::uuid`,
      [tenantId, String(year), 'officialIds' in by ? by.officialIds : null, 'agencyId' in by ? by.agencyId : null],
    );
    return rows.map((r) => ({
      officialId: r.official_id,
      fullName: r.full_name ?? '',
      staffCode: r.staff_code ?? '',
      period: r.period,
      agencyId: r.agency_id,
      unitId: r.unit_id,
      dutyGroup: r.duty_group,
      packCode: r.pack_code,
      packVersion: r.pack_version,
      total: r.total,
      taskPoints: r.task_points,
      generalPoints: r.general_points,
      role: r.role ?? 'NON_MANAGER',
      sums: r.sums ?? { assigned: 0, completed: 0, qualityBp: 0, timelinessBp: 0, onTime: 0, exceeded: 0 },
      disqualifiers: r.disqualifiers,
    }));
  }

  /** The agencies with stored results of a period. */
  async resultAgencies(tenantId: string, period: string): Promise<string[]> {
    const { rows } = await this.pool.query('SELECT DISTINCT agency_id FROM period_result WHERE tenant_id = $1 AND period = $2 ORDER BY 1', [
      tenantId,
      period,
    ]);
    return rows.map((r) => r.agency_id);
  }

  async agencyOf(tenantId: string, period: string, officialId: string): Promise<string | undefined> {
    const { rows } = await this.pool.query(
      'SELECT agency_id FROM period_result WHERE tenant_id = $1 AND period = $2 AND official_id = $3',
      [tenantId, period, officialId],
    );
    return rows[0]?.agency_id;
  }

  async overrides(tenantId: string, period: string): Promise<StoredOverride[]> {
    const { rows } = await this.pool.query('SELECT * FROM quota_override WHERE tenant_id = $1 AND period = $2', [tenantId, period]);
    return rows.map((r) => ({ officialId: r.official_id, reason: r.reason, by: r.granted_by, at: r.granted_at }));
  }

  /** Grants (or, with `keep` false, withdraws) an override, audited with what it replaced. */
  async setOverride(
    tenantId: string,
    period: string,
    officialId: string,
    next: StoredOverride | null,
    before: StoredOverride | null,
    actor: Actor,
    /** The agency's list as it now stands, published with the change. */
    event: OutboxRecord,
  ): Promise<void> {
    await withTransaction(this.pool, async (c) => {
      await writeOutbox(c, [event]);
      await c.query('DELETE FROM quota_override WHERE tenant_id = $1 AND period = $2 AND official_id = $3', [tenantId, period, officialId]);
      if (next)
        await c.query(
          'INSERT INTO quota_override (tenant_id, period, official_id, reason, granted_by, granted_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [tenantId, period, officialId, next.reason, next.by, next.at],
        );
      await writeAudit(c, [auditOf(actor, 'quota_override', `${period}/${officialId}`, before, next)]);
    });
  }

  /**
   * Writes the period's new state over the version it replaces (a writer who lost the race gets
   * a WriteConflict), with its results when it closes (those of an earlier close are removed
   * when it reopens), and the audit row.
   */
  async save(
    next: PeriodRecord,
    before: PeriodRecord,
    actor: Actor,
    results: Iterable<StoredResult[]> | AsyncIterable<StoredResult[]> = [],
    /** More to do in the same transaction (reopening withdraws the period's approvals). */
    also?: (c: pg.PoolClient) => Promise<unknown>,
  ): Promise<void> {
    await withTransaction(this.pool, async (c) => {
      const { rowCount } = await c.query(
        before.version === 0
          ? `INSERT INTO period (tenant_id, period, status, closed_at, closed_by, reason, results, version)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`
          : `UPDATE period SET status = $3, closed_at = $4, closed_by = $5, reason = $6, results = $7, version = $8
              WHERE tenant_id = $1 AND period = $2 AND version = $8 - 1`,
        [next.tenantId, next.period, next.status, next.closedAt, next.closedBy, next.reason, next.results, next.version],
      );
      if (rowCount !== 1) throw new WriteConflict('period');
      await c.query('DELETE FROM period_result WHERE tenant_id = $1 AND period = $2', [next.tenantId, next.period]);
      // Quota exceptions were granted over the results that are now removed: they go with them.
      if (next.status === 'OPEN')
        await c.query('DELETE FROM quota_override WHERE tenant_id = $1 AND period = $2', [next.tenantId, next.period]);
      // Each chunk is encoded, and the next batch worked out, while PostgreSQL writes the one before.
      let inFlight: Promise<unknown> = Promise.resolve();
      for await (const batch of results)
        for (let i = 0; i < batch.length; i += RESULTS_PER_STATEMENT) {
          // One row of parameters each: a Buffer goes to PostgreSQL as a binary parameter (in an
          // array it would go as hex text, twice its size).
          const chunk = batch.slice(i, i + RESULTS_PER_STATEMENT);
          const values: unknown[] = [next.tenantId, next.period, next.closedAt];
          const rows = chunk.map((r) => {
            const at = values.length;
            values.push(
              r.officialId,
              r.agencyId,
              r.unitId,
              r.dutyGroup,
              r.packCode,
              r.packVersion,
              r.generalPoints,
              r.taskPoints,
              r.total,
              r.qualityBp,
              r.timelinessBp,
              r.grade,
              Buffer.from(scoringV1.OfficialScore.encode(r.score).finish()),
              r.role,
              JSON.stringify(r.sums),
              r.disqualifiers,
            );
            return `($1, $2, ${Array.from({ length: 16 }, (_, k) => `$${at + k + 1}`).join(', ')}, $3)`;
          });
          await inFlight;
          inFlight = c.query(
            `INSERT INTO period_result (tenant_id, period, official_id, agency_id, unit_id, duty_group, pack_code, pack_version, general_points,
                                       task_points, total, quality_bp, timeliness_bp, grade, breakdown, role, sums, disqualifiers,
                                       computed_at)
             VALUES ${rows.join(', ')}`,
            values,
          );
        }
      await inFlight;
      await also?.(c);
      // The audit row says what changed, not the results (they are in period_result).
      await writeAudit(c, [auditOf(actor, 'period', next.period, before.version ? before : null, next)]);
    });
  }
}
