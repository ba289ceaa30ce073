import { isUniqueViolation, type Pool, uuidv7, withTransaction, writeOutbox } from '@thuocdo/db';
import { AlreadyExistsError, NotFoundError, ValidationError } from '@thuocdo/kit';
import { toOutboxRecord } from '@thuocdo/messaging';
import { Events, type orgV1 } from '@thuocdo/proto';
import type { NewAgency, NewOfficial, NewUnit } from '../domain/org';

const { AgencyCreated, OfficialCreated, UnitCreated } = Events;

const PRODUCER = 'org';

const agencyRow = (r: any): orgV1.Agency => ({
  id: r.id,
  tenantId: r.tenant_id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  createTime: r.created_at,
});
const unitRow = (r: any): orgV1.Unit => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  parentUnitId: r.parent_unit_id ?? '',
  code: r.code,
  name: r.name,
  createTime: r.created_at,
});
const officialRow = (r: any): orgV1.Official => ({
  id: r.id,
  tenantId: r.tenant_id,
  agencyId: r.agency_id,
  unitId: r.unit_id,
  fullName: r.full_name,
  email: r.email ?? '',
  category: r.category,
  createTime: r.created_at,
});

/** Agencies, units and officials of one tenant; each change is written with its event. */
export class OrgStore {
  constructor(private readonly pool: Pool) {}

  async createAgency(tenantId: string, a: NewAgency): Promise<orgV1.Agency> {
    try {
      return await withTransaction(this.pool, async (c) => {
        const { rows } = await c.query('INSERT INTO agency (id, tenant_id, code, name, kind) VALUES ($1, $2, $3, $4, $5) RETURNING *', [
          a.id ?? uuidv7(),
          tenantId,
          a.code,
          a.name,
          a.kind,
        ]);
        const agency = agencyRow(rows[0]);
        await writeOutbox(c, [
          toOutboxRecord({ type: AgencyCreated, payload: { agency }, producer: PRODUCER, tenantId, aggregateId: agency.id }),
        ]);
        return agency;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'agency_pkey'))
        throw new AlreadyExistsError({ vi: 'Cơ quan với mã định danh này đã tồn tại', en: 'An agency with this id already exists' }, 'id');
      if (isUniqueViolation(err))
        throw new AlreadyExistsError({ vi: `Mã cơ quan ${a.code} đã tồn tại`, en: `Agency code ${a.code} already exists` }, 'code');
      throw err;
    }
  }

  async listAgencies(tenantId: string): Promise<orgV1.Agency[]> {
    const { rows } = await this.pool.query('SELECT * FROM agency WHERE tenant_id = $1 ORDER BY code', [tenantId]);
    return rows.map(agencyRow);
  }

  async createUnit(tenantId: string, u: NewUnit): Promise<orgV1.Unit> {
    try {
      return await withTransaction(this.pool, async (c) => {
        const agency = await c.query('SELECT 1 FROM agency WHERE id = $1 AND tenant_id = $2', [u.agencyId, tenantId]);
        if (!agency.rowCount) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
        if (u.parentUnitId) {
          const parent = await c.query('SELECT 1 FROM unit WHERE id = $1 AND agency_id = $2', [u.parentUnitId, u.agencyId]);
          if (!parent.rowCount)
            throw new ValidationError('parent_unit_id', {
              vi: 'Đơn vị cấp trên không thuộc cơ quan này',
              en: 'Parent unit does not belong to this agency',
            });
        }
        const { rows } = await c.query(
          'INSERT INTO unit (id, tenant_id, agency_id, parent_unit_id, code, name) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [u.id ?? uuidv7(), tenantId, u.agencyId, u.parentUnitId, u.code, u.name],
        );
        const unit = unitRow(rows[0]);
        await writeOutbox(c, [
          toOutboxRecord({ type: UnitCreated, payload: { unit }, producer: PRODUCER, tenantId, aggregateId: unit.id }),
        ]);
        return unit;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'unit_pkey'))
        throw new AlreadyExistsError({ vi: 'Đơn vị với mã định danh này đã tồn tại', en: 'A unit with this id already exists' }, 'id');
      if (isUniqueViolation(err))
        throw new AlreadyExistsError({ vi: `Mã đơn vị ${u.code} đã tồn tại`, en: `Unit code ${u.code} already exists` }, 'code');
      throw err;
    }
  }

  async listUnits(tenantId: string, agencyId: string | null): Promise<orgV1.Unit[]> {
    const { rows } = await this.pool.query(
      'SELECT * FROM unit WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agency_id = $2) ORDER BY agency_id, code',
      [tenantId, agencyId],
    );
    return rows.map(unitRow);
  }

  async createOfficial(tenantId: string, o: NewOfficial): Promise<orgV1.Official> {
    try {
      return await withTransaction(this.pool, async (c) => {
        const unit = await c.query('SELECT 1 FROM unit WHERE id = $1 AND agency_id = $2 AND tenant_id = $3', [
          o.unitId,
          o.agencyId,
          tenantId,
        ]);
        if (!unit.rowCount)
          throw new NotFoundError({ vi: 'Không tìm thấy đơn vị trong cơ quan này', en: 'Unit not found in this agency' }, 'unit_id');
        const { rows } = await c.query(
          `INSERT INTO official (id, tenant_id, agency_id, unit_id, full_name, email, category)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
          [o.id ?? uuidv7(), tenantId, o.agencyId, o.unitId, o.fullName, o.email, o.category],
        );
        const official = officialRow(rows[0]);
        await writeOutbox(c, [
          toOutboxRecord({ type: OfficialCreated, payload: { official }, producer: PRODUCER, tenantId, aggregateId: official.id }),
        ]);
        return official;
      });
    } catch (err) {
      if (isUniqueViolation(err, 'official_pkey'))
        throw new AlreadyExistsError({ vi: 'Công chức với mã này đã tồn tại', en: 'An official with this id already exists' }, 'id');
      if (isUniqueViolation(err))
        throw new AlreadyExistsError({ vi: 'Email đã được dùng cho người khác', en: 'Email is already used by another official' }, 'email');
      throw err;
    }
  }

  async listOfficials(tenantId: string, agencyId: string | null, unitId: string | null): Promise<orgV1.Official[]> {
    const { rows } = await this.pool.query(
      `SELECT * FROM official WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agency_id = $2)
         AND ($3::uuid IS NULL OR unit_id = $3) ORDER BY full_name LIMIT 5000`,
      [tenantId, agencyId, unitId],
    );
    return rows.map(officialRow);
  }
}
