import { EntityWriter, type Pool } from '@thuocdo/db';
import { type Actor, auditOf, type Decision } from '@thuocdo/kit';
import type { Assessment } from '../domain/assessment';

const assessmentOf = (r: any): Assessment => ({
  tenantId: r.tenant_id,
  period: r.period,
  officialId: r.official_id,
  general: r.general,
  organisationReduced: r.organisation_reduced,
  unityReduced: r.unity_reduced,
  disqualifiers: r.disqualifiers,
  comment: r.comment,
  by: r.assessed_by,
  at: r.assessed_at,
  version: Number(r.version),
});

/** The lock of a tenant's period ($1 tenant, $2 period) that closing takes exclusively and recording shares. */
export const PERIOD_LOCK = "hashtext('scoring.period:' || $1 || ':' || $2)";

/**
 * Count and sum of versions of what people entered for a period, assessments and unit KPI
 * values apart: any recording since changes it (closing compares it with what it scored from).
 */
export async function periodInputsFingerprint(c: { query: Pool['query'] }, tenantId: string, period: string): Promise<string> {
  const { rows } = await c.query(
    `SELECT (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM assessment WHERE tenant_id = $1 AND period = $2)
            || ' ' || (SELECT count(*) || '/' || coalesce(sum(version), 0) FROM unit_kpi_actual WHERE tenant_id = $1 AND period = $2) AS f`,
    [tenantId, period],
  );
  return rows[0].f;
}

/** The fingerprint of the inputs as they were read (see periodInputsFingerprint). */
export function fingerprintOf(...inputs: ReadonlyMap<string, { version: number }>[]): string {
  return inputs.map((m) => `${m.size}/${[...m.values()].reduce((a, x) => a + x.version, 0)}`).join(' ');
}

/** Assessments of officials' periods; every recording audited in the same transaction. */
export class AssessmentStore {
  private readonly writer: EntityWriter;

  constructor(private readonly pool: Pool) {
    this.writer = new EntityWriter(pool);
  }

  /** The assessments of a period, of the officials named or of everyone. */
  async assessments(tenantId: string, period: string, officialIds: string[] | 'all'): Promise<Map<string, Assessment>> {
    const { rows } = await this.pool.query(
      'SELECT * FROM assessment WHERE tenant_id = $1 AND period = $2 AND ($3::uuid[] IS NULL OR official_id = ANY($3::uuid[]))',
      [tenantId, period, officialIds === 'all' ? null : officialIds],
    );
    return new Map(rows.map((r) => [r.official_id, assessmentOf(r)]));
  }

  /**
   * Writes a new version: inserted when it is the first, otherwise only over the version it
   * replaces (a writer who lost the race writes nothing and gets a WriteConflict).
   */
  async save(d: Decision<Assessment, never>, actor: Actor, before: Assessment | undefined): Promise<void> {
    if (d.unchanged) return;
    const a = d.entity;
    const values = [
      a.tenantId,
      a.period,
      a.officialId,
      JSON.stringify(a.general),
      a.organisationReduced,
      a.unityReduced,
      a.disqualifiers,
      a.comment,
      a.by,
      a.at,
      a.version,
    ];
    await this.writer.write(
      [
        // Not while the period closes, nor once it has: closing holds this lock exclusively and
        // freezes the assessments it read (a recording it did not see would be lost).
        { text: `SELECT pg_advisory_xact_lock_shared(${PERIOD_LOCK})`, values: [a.tenantId, a.period], rows: 1 },
        {
          text: "SELECT 1 FROM period WHERE tenant_id = $1 AND period = $2 AND status = 'CLOSED'",
          values: [a.tenantId, a.period],
          rows: 0,
        },
        {
          name: a.version === 1 ? 'scoring-insert-assessment' : 'scoring-update-assessment',
          text:
            a.version === 1
              ? `INSERT INTO assessment (tenant_id, period, official_id, general, organisation_reduced, unity_reduced, disqualifiers, comment, assessed_by, assessed_at, version)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`
              : `UPDATE assessment SET general = $4, organisation_reduced = $5, unity_reduced = $6, disqualifiers = $7, comment = $8,
                        assessed_by = $9, assessed_at = $10, version = $11
                  WHERE tenant_id = $1 AND period = $2 AND official_id = $3 AND version = $11 - 1`,
          values,
        },
      ],
      [],
      [auditOf(actor, 'assessment', `${a.period}/${a.officialId}`, before ?? null, a)],
    );
  }
}
