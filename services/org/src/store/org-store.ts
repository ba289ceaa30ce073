import { EntityWriter, type OutboxRecord, type Pool } from '@thuocdo/db';
import { type Decision, toPage } from '@thuocdo/kit';
import type {
  Agency,
  AgencyClashes,
  AgencyQuery,
  NewAgency,
  NewOfficial,
  NewUnit,
  Official,
  OfficialQuery,
  OfficialState,
  OrgEvent,
  Unit,
  UnitQuery,
  UnitState,
} from '../domain/org';

const agencyOf = (r: any): Agency => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  version: r.version,
  createdAt: r.created_at,
});
const unitOf = (r: any): Unit => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  parentUnitId: r.parent_unit_id,
  code: r.code,
  name: r.name,
  version: r.version,
  createdAt: r.created_at,
});
const officialOf = (r: any): Official => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  fullName: r.full_name,
  email: r.email,
  category: r.category,
  version: r.version,
  createdAt: r.created_at,
});

/** Agencies, units and officials: reads for decisions and lists, and writes with their events. */
export class OrgStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: OrgEvent) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  private save(statement: { name: string; text: string; values: unknown[] }, d: Decision<unknown, OrgEvent>) {
    return this.writer.write([statement], d.events.map(this.toOutbox));
  }

  async agencyClashes(tenantId: string, a: NewAgency): Promise<AgencyClashes> {
    const { rows } = await this.pool.query('SELECT * FROM agency WHERE id = $1 OR (tenant_id = $2 AND code = $3)', [
      a.id,
      tenantId,
      a.code,
    ]);
    const sameId = rows.find((r) => r.id === a.id);
    return {
      sameId: sameId && sameId.tenant_id === tenantId ? agencyOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      sameCode: rows.filter((r) => r.tenant_id === tenantId && r.code === a.code).map(agencyOf)[0],
    };
  }

  saveAgency(d: Decision<Agency, OrgEvent>): Promise<void> {
    const a = d.entity;
    return this.save(
      {
        name: 'agency-insert',
        text: `INSERT INTO agency (id, tenant_id, code, name, kind, version, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
               ON CONFLICT DO NOTHING RETURNING id`,
        values: [a.id, a.tenantId, a.code, a.name, a.kind, a.version, a.createdAt],
      },
      d,
    );
  }

  async listAgencies(tenantId: string, q: AgencyQuery) {
    const { rows } = await this.pool.query(
      `SELECT * FROM agency WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2) AND ($3::text IS NULL OR code > $3)
        ORDER BY code LIMIT $4`,
      [tenantId, q.filters.kind, q.page.after, q.page.size + 1],
    );
    return toPage(rows.map(agencyOf), q.page, q.filters, (a) => a.code);
  }

  async unitState(tenantId: string, u: NewUnit): Promise<UnitState> {
    const { rows } = await this.pool.query(
      `SELECT 'agency' AS role, NULL::uuid AS id, tenant_id, NULL::uuid AS agency_id, NULL::uuid AS parent_unit_id, code, name, 0::bigint AS version, created_at
         FROM agency WHERE id = $1 AND tenant_id = $2
       UNION ALL
       SELECT CASE WHEN id = $3 THEN 'parent' WHEN id = $4 THEN 'same-id' ELSE 'same-code' END, id, tenant_id, agency_id, parent_unit_id, code, name, version, created_at
         FROM unit WHERE id = $3 OR id = $4 OR (agency_id = $1 AND code = $5)`,
      [u.agencyId, tenantId, u.parentUnitId, u.id, u.code],
    );
    const ofTenant = (role: string) => rows.filter((r) => r.role === role && r.tenant_id === tenantId).map(unitOf)[0];
    return {
      agencyExists: rows.some((r) => r.role === 'agency'),
      parent: ofTenant('parent'),
      sameId: ofTenant('same-id'),
      idUsedElsewhere: rows.some((r) => r.role === 'same-id' && r.tenant_id !== tenantId),
      sameCode: rows.filter((r) => r.tenant_id === tenantId && r.agency_id === u.agencyId && r.code === u.code).map(unitOf)[0],
    };
  }

  saveUnit(d: Decision<Unit, OrgEvent>): Promise<void> {
    const u = d.entity;
    return this.save(
      {
        name: 'unit-insert',
        text: `INSERT INTO unit (id, tenant_id, agency_id, parent_unit_id, code, name, version, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING RETURNING id`,
        values: [u.id, u.tenantId, u.agencyId, u.parentUnitId, u.code, u.name, u.version, u.createdAt],
      },
      d,
    );
  }

  async listUnits(tenantId: string, q: UnitQuery) {
    const [afterAgency, afterCode] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query(
      `SELECT * FROM unit WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agency_id = $2) AND ($3::uuid IS NULL OR parent_unit_id = $3)
          AND ($4::uuid IS NULL OR (agency_id, code) > ($4::uuid, $5::text))
        ORDER BY agency_id, code LIMIT $6`,
      [tenantId, q.filters.agencyId, q.filters.parentUnitId, afterAgency, afterCode, q.page.size + 1],
    );
    return toPage(rows.map(unitOf), q.page, q.filters, (u) => [u.agencyId, u.code]);
  }

  async officialState(tenantId: string, o: NewOfficial): Promise<OfficialState> {
    const [agency, unit, same] = await Promise.all([
      this.pool.query('SELECT 1 FROM agency WHERE id = $1 AND tenant_id = $2', [o.agencyId, tenantId]),
      this.pool.query('SELECT * FROM unit WHERE id = $1 AND tenant_id = $2', [o.unitId, tenantId]),
      this.pool.query('SELECT * FROM official WHERE id = $1 OR (tenant_id = $2 AND lower(email) = lower($3))', [o.id, tenantId, o.email]),
    ]);
    const sameId = same.rows.find((r) => r.id === o.id);
    return {
      agencyExists: Boolean(agency.rowCount),
      unit: unit.rows.map(unitOf)[0],
      sameId: sameId && sameId.tenant_id === tenantId ? officialOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      sameEmail: same.rows
        .filter((r) => r.id !== o.id && r.tenant_id === tenantId && o.email && r.email?.toLowerCase() === o.email.toLowerCase())
        .map(officialOf)[0],
    };
  }

  saveOfficial(d: Decision<Official, OrgEvent>): Promise<void> {
    const o = d.entity;
    return this.save(
      {
        name: 'official-insert',
        text: `INSERT INTO official (id, tenant_id, agency_id, unit_id, full_name, email, category, version, created_at)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING id`,
        values: [o.id, o.tenantId, o.agencyId, o.unitId, o.fullName, o.email, o.category, o.version, o.createdAt],
      },
      d,
    );
  }

  async listOfficials(tenantId: string, q: OfficialQuery) {
    const [afterName, afterId] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query(
      `SELECT * FROM official WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agency_id = $2) AND ($3::uuid IS NULL OR unit_id = $3)
          AND ($4::text IS NULL OR category = $4) AND ($5::text IS NULL OR (full_name, id) > ($5::text, $6::uuid))
        ORDER BY full_name, id LIMIT $7`,
      [tenantId, q.filters.agencyId, q.filters.unitId, q.filters.category, afterName, afterId, q.page.size + 1],
    );
    return toPage(rows.map(officialOf), q.page, q.filters, (o) => [o.fullName, o.id]);
  }
}
