import { type Pool, withTransaction, writeAudit } from '@thuocdo/db';
import { type Actor, auditOf, WriteConflict } from '@thuocdo/kit';
import type { RulePack } from '../domain/rule-pack';

/** The rule packs tenants built; every save a new version, audited. */
export class CustomPackStore {
  constructor(private readonly pool: Pool) {}

  /** Every version of the tenant's packs. */
  async packs(tenantId: string): Promise<RulePack[]> {
    const { rows } = await this.pool.query('SELECT pack FROM custom_pack WHERE tenant_id = $1 ORDER BY code, version', [tenantId]);
    return rows.map((r) => r.pack as RulePack);
  }

  /** Adds the version (a concurrent save of the same version loses with a WriteConflict). */
  async save(tenantId: string, pack: RulePack, actor: Actor): Promise<void> {
    await withTransaction(this.pool, async (c) => {
      const { rowCount } = await c.query(
        `INSERT INTO custom_pack (tenant_id, code, version, pack, saved_by, saved_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [tenantId, pack.code, pack.version, JSON.stringify(pack), actor.principal.subject, actor.now],
      );
      if (rowCount !== 1) throw new WriteConflict('custom_pack');
      await writeAudit(c, [auditOf(actor, 'rule_pack', `${pack.code}@${pack.version}`, null, pack)]);
    });
  }
}
