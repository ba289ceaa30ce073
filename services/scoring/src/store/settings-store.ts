import { EntityWriter, type Pool } from '@thuocdo/db';
import { type Actor, auditOf, type Decision } from '@thuocdo/kit';
import type { ScoringSettings } from '../domain/settings';

const settingsOf = (r: any): ScoringSettings => ({
  tenantId: r.tenant_id,
  closingDay: r.closing_day,
  version: r.version,
  by: r.updated_by,
  at: r.updated_at,
});

/** Tenants' scoring settings; every change audited with what it replaced. */
export class SettingsStore {
  private readonly writer: EntityWriter;

  constructor(private readonly pool: Pool) {
    this.writer = new EntityWriter(pool);
  }

  /** The tenant's settings, or undefined while it has set nothing. */
  async settings(tenantId: string): Promise<ScoringSettings | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM scoring_settings WHERE tenant_id = $1', [tenantId]);
    return rows[0] && settingsOf(rows[0]);
  }

  /** Writes the new version over the one it replaces (a lost race writes nothing: WriteConflict). */
  async save(d: Decision<ScoringSettings, never>, before: ScoringSettings, actor: Actor): Promise<void> {
    if (d.unchanged) return;
    const s = d.entity;
    await this.writer.write(
      [
        {
          name: s.version === 1 ? 'scoring-insert-settings' : 'scoring-update-settings',
          text:
            s.version === 1
              ? `INSERT INTO scoring_settings (tenant_id, closing_day, version, updated_by, updated_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`
              : `UPDATE scoring_settings SET closing_day = $2, version = $3, updated_by = $4, updated_at = $5
                  WHERE tenant_id = $1 AND version = $3 - 1`,
          values: [s.tenantId, s.closingDay, s.version, s.by, s.at],
        },
      ],
      [],
      [auditOf(actor, 'scoring_settings', s.tenantId, before.version ? before : null, s)],
    );
  }
}
