import { type Pool, withTransaction, writeAudit } from '@thuocdo/db';
import { type Actor, auditOf } from '@thuocdo/kit';
import type { PackChoice } from '../domain/pack-choice';

/** A tenant's choices of rule pack by year and category; every choice audited with what it replaced. */
export class PackChoiceStore {
  constructor(private readonly pool: Pool) {}

  async choices(tenantId: string, year: number): Promise<PackChoice[]> {
    const { rows } = await this.pool.query('SELECT * FROM pack_choice WHERE tenant_id = $1 AND year = $2 ORDER BY category', [
      tenantId,
      year,
    ]);
    return rows.map((r) => ({
      tenantId: r.tenant_id,
      year: r.year,
      category: r.category,
      packCode: r.pack_code,
      packVersion: r.pack_version,
      by: r.chosen_by,
      at: r.chosen_at,
    }));
  }

  async save(c: PackChoice, before: PackChoice | undefined, actor: Actor): Promise<void> {
    await withTransaction(this.pool, async (client) => {
      await client.query(
        `INSERT INTO pack_choice (tenant_id, year, category, pack_code, pack_version, chosen_by, chosen_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (tenant_id, year, category) DO UPDATE
           SET pack_code = EXCLUDED.pack_code, pack_version = EXCLUDED.pack_version, chosen_by = EXCLUDED.chosen_by, chosen_at = EXCLUDED.chosen_at`,
        [c.tenantId, c.year, c.category, c.packCode, c.packVersion, c.by, c.at],
      );
      await writeAudit(client, [auditOf(actor, 'pack_choice', `${c.year}/${c.category}`, before ?? null, c)]);
    });
  }
}
