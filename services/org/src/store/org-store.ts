import { EntityWriter, type OutboxRecord, type Pool, type Statement } from '@thuocdo/db';
import { type Actor, type AuditRecord, auditOf, searchDocument } from '@thuocdo/kit';
import type { GrantState, NewRoleGrant } from '../domain/grants';
import type { JobPosition, Membership, Official, OrgChange, OrgDecision, RoleGrant, Unit } from '../domain/model';
import type {
  AssignPost,
  IdentityClashes,
  JobPositionState,
  NewJobPosition,
  NewOfficial,
  OfficialState,
  PersonalDetails,
  PostState,
} from '../domain/people';
import type { AgencyClashes, NewAgency, NewUnit, NewUnitSpec, ReorganisationState, UnitState, UnitTree } from '../domain/structure';
import {
  AGENCY_COLUMNS,
  agencyOf,
  agencyValues,
  GRANT_COLUMNS,
  grantOf,
  grantValues,
  MEMBERSHIP_COLUMNS,
  membershipOf,
  membershipValues,
  OFFICIAL_COLUMNS,
  officialOf,
  officialValues,
  POSITION_COLUMNS,
  positionOf,
  positionValues,
  UNIT_COLUMNS,
  UNIT_SELECT,
  unitOf,
  unitValues,
} from './rows';

const TABLES = {
  agency: { table: 'agency', columns: AGENCY_COLUMNS },
  unit: { table: 'unit', columns: UNIT_COLUMNS },
  job_position: { table: 'job_position', columns: POSITION_COLUMNS },
  official: { table: 'official', columns: OFFICIAL_COLUMNS },
  membership: { table: 'membership', columns: MEMBERSHIP_COLUMNS },
  role_grant: { table: 'role_grant', columns: GRANT_COLUMNS },
} as const;

const placeholders = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/** A new row; a row with that id or a unique key already there is a lost race (nothing inserted). */
function insert(type: keyof typeof TABLES, values: unknown[]): Statement {
  const { table, columns } = TABLES[type];
  return {
    name: `org-insert-${table}`,
    text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${placeholders(columns.length)}) ON CONFLICT DO NOTHING RETURNING id`,
    values,
  };
}

/** Many new rows of one table in one statement each few thousand parameters; every one must be inserted. */
function insertMany(type: keyof typeof TABLES, rows: unknown[][]): Statement[] {
  const { table, columns } = TABLES[type];
  const perStatement = Math.floor(30_000 / columns.length);
  const out: Statement[] = [];
  for (let i = 0; i < rows.length; i += perStatement) {
    const part = rows.slice(i, i + perStatement);
    const tuples = part.map((_, r) => `(${placeholders(columns.length, r * columns.length + 1)})`);
    out.push({
      text: `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${tuples.join(', ')} ON CONFLICT DO NOTHING RETURNING id`,
      values: part.flat(),
      rows: part.length,
    });
  }
  return out;
}

/** Every column but the id, when the row still has the version the decision read. */
function update(type: keyof typeof TABLES, values: unknown[], readVersion: number): Statement {
  const { table, columns } = TABLES[type];
  const set = columns.slice(1).map((c, i) => `${c} = $${i + 2}`);
  return {
    name: `org-update-${table}`,
    text: `UPDATE ${table} SET ${set.join(', ')} WHERE id = $1 AND version = $${columns.length + 1} RETURNING id`,
    values: [...values, readVersion],
  };
}

function remove(type: keyof typeof TABLES, id: string, readVersion: number): Statement {
  const { table } = TABLES[type];
  return {
    name: `org-delete-${table}`,
    text: `DELETE FROM ${table} WHERE id = $1 AND version = $2 RETURNING id`,
    values: [id, readVersion],
  };
}

/** A unit's periods and the units it came from, written whole after its row. */
function unitDetails(u: Unit, replacing: boolean): Statement[] {
  const out: Statement[] = [];
  if (replacing) out.push({ name: 'org-unit-periods-clear', text: 'DELETE FROM unit_period WHERE unit_id = $1', values: [u.id] });
  out.push({
    name: 'org-unit-periods',
    text: `INSERT INTO unit_period (unit_id, valid_from, valid_to, code, name, parent_unit_id, search_key)
           SELECT $1, p."validFrom", p."validTo", p.code, p.name, p."parentUnitId", p."searchDocument"
             FROM jsonb_to_recordset($2::jsonb) AS p("validFrom" date, "validTo" date, code text, name text, "parentUnitId" uuid, "searchDocument" text)`,
    values: [u.id, JSON.stringify(u.periods.map((p) => ({ ...p, searchDocument: searchDocument(`${p.code} ${p.name}`) })))],
  });
  if (!replacing && u.lineage.length)
    out.push({
      name: 'org-unit-lineage',
      text: `INSERT INTO unit_lineage (predecessor_id, successor_id, kind, effective_date)
             SELECT l."predecessorId", l."successorId", l.kind, l."effectiveDate"
               FROM jsonb_to_recordset($1::jsonb) AS l("predecessorId" uuid, "successorId" uuid, kind text, "effectiveDate" date)`,
      values: [JSON.stringify(u.lineage)],
    });
  return out;
}

/** The statements that persist one change. */
function statementsOf(c: OrgChange): Statement[] {
  const before = c.before;
  if (c.after === null) return [remove(c.type, before!.id, before!.version)];
  const values = (() => {
    switch (c.type) {
      case 'agency':
        return agencyValues(c.after);
      case 'unit':
        return unitValues(c.after);
      case 'job_position':
        return positionValues(c.after);
      case 'official':
        return officialValues(c.after);
      case 'membership':
        return membershipValues(c.after);
      case 'role_grant':
        return grantValues(c.after);
    }
  })();
  const row = before ? update(c.type, values, before.version) : insert(c.type, values);
  if (c.type === 'unit') return [row, ...unitDetails(c.after, before !== null)];
  return [row];
}

/**
 * org's records: the reads its decisions need, the writes of their changes (each change with
 * its event and its audit row, in one transaction), and the lists.
 */
export class OrgStore {
  private readonly writer: EntityWriter;

  constructor(
    readonly pool: Pool,
    private readonly toOutbox: (c: OrgChange, occurredAt: Date) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  /** Persists a decision's changes with their events and audit rows. */
  save(d: OrgDecision<unknown>, actor: Actor): Promise<void> {
    return this.saveChanges(d.events, actor);
  }

  /**
   * Persists changes, each with its event and audit row, and the statements given after them, in
   * one transaction (an import's changes, and its job's new state). New officials and new posts
   * go in multi-row inserts after the other changes: posts last, once the posts they follow have
   * ended and the people they belong to exist (an import creates thousands at once).
   */
  saveChanges(changes: OrgChange[], actor: Actor, then: Statement[] = []): Promise<void> {
    const audit: AuditRecord[] = changes.map((c) => auditOf(actor, c.type, (c.after ?? c.before)!.id, c.before, c.after));
    const isNew = (t: 'official' | 'membership') => (c: OrgChange) => c.type === t && c.before === null && c.after !== null;
    const newOfficials = changes.filter(isNew('official')) as Extract<OrgChange, { type: 'official' }>[];
    const newPosts = changes.filter(isNew('membership')) as Extract<OrgChange, { type: 'membership' }>[];
    const statements =
      newOfficials.length + newPosts.length > 2
        ? [
            ...changes.filter((c) => !isNew('official')(c) && !isNew('membership')(c)).flatMap(statementsOf),
            ...insertMany(
              'official',
              newOfficials.map((c) => officialValues(c.after)),
            ),
            ...insertMany(
              'membership',
              newPosts.map((c) => membershipValues(c.after!)),
            ),
          ]
        : changes.flatMap(statementsOf);
    return this.writer.write(
      [...statements, ...then],
      changes.map((c) => this.toOutbox(c, actor.now)),
      audit,
    );
  }

  // -------------------------------------------------------------------------------------------
  // Reads for decisions.

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

  async agencyExists(tenantId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('SELECT 1 FROM agency WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
    return Boolean(rowCount);
  }

  /** Units of this tenant by id (any missing is left out). */
  async units(tenantId: string, ids: string[]): Promise<Unit[]> {
    if (!ids.length) return [];
    const { rows } = await this.pool.query(`${UNIT_SELECT} WHERE u.id = ANY($1::uuid[]) AND u.tenant_id = $2`, [ids, tenantId]);
    return rows.map(unitOf);
  }

  async unit(tenantId: string, id: string | null): Promise<Unit | undefined> {
    return id ? (await this.units(tenantId, [id]))[0] : undefined;
  }

  /** The unit in force in an agency with this code. */
  private async unitWithCode(agencyId: string, code: string): Promise<Unit | undefined> {
    const { rows } = await this.pool.query(`${UNIT_SELECT} WHERE u.agency_id = $1 AND u.code = $2 AND u.valid_to IS NULL`, [
      agencyId,
      code,
    ]);
    return rows.map(unitOf)[0];
  }

  async unitState(tenantId: string, u: NewUnit): Promise<UnitState> {
    const [agencyExists, parent, same, sameCode] = await Promise.all([
      this.agencyExists(tenantId, u.agencyId),
      this.unit(tenantId, u.parentUnitId),
      u.id ? this.pool.query(`${UNIT_SELECT} WHERE u.id = $1`, [u.id]) : undefined,
      this.unitWithCode(u.agencyId, u.code),
    ]);
    const sameId = same?.rows[0];
    return {
      agencyExists,
      parent,
      sameId: sameId && sameId.tenant_id === tenantId ? unitOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      sameCode: sameCode?.tenantId === tenantId ? sameCode : undefined,
    };
  }

  async renameState(tenantId: string, id: string, code: string | null): Promise<{ unit?: Unit; sameCode?: Unit }> {
    const unit = await this.unit(tenantId, id);
    const sameCode = unit && code ? await this.unitWithCode(unit.agencyId, code) : undefined;
    return { unit, sameCode };
  }

  /** A unit and every unit below it (in force or not). */
  async unitTree(tenantId: string, id: string): Promise<UnitTree> {
    const unit = await this.unit(tenantId, id);
    if (!unit) return { descendants: [] };
    return { unit, descendants: await this.descendants(tenantId, [unit]) };
  }

  private async descendants(tenantId: string, units: Unit[]): Promise<Unit[]> {
    if (!units.length) return [];
    const { rows } = await this.pool.query(
      `${UNIT_SELECT} WHERE u.tenant_id = $1 AND u.path LIKE ANY($2::text[]) AND NOT (u.id = ANY($3::uuid[]))`,
      [tenantId, units.map((u) => `${u.path.replace(/[\\%_]/g, (c) => `\\${c}`)}%`), units.map((u) => u.id)],
    );
    return rows.map(unitOf);
  }

  /** What a merge or a split touches: the ended units, what they hold, and what the new units could clash with. */
  async reorganisationState(
    tenantId: string,
    r: { unitIds: string[]; newUnits: NewUnitSpec[]; parentUnitId: string | null; effectiveDate: string },
  ): Promise<ReorganisationState> {
    const [units, parent] = await Promise.all([this.units(tenantId, r.unitIds), this.unit(tenantId, r.parentUnitId)]);
    const ids = units.map((u) => u.id);
    const agencyId = units[0]?.agencyId ?? null;
    const [descendants, positions, memberships, codes, taken] = await Promise.all([
      this.descendants(tenantId, units),
      this.pool.query('SELECT * FROM job_position WHERE unit_id = ANY($1::uuid[]) ORDER BY code', [ids]),
      this.pool.query(
        'SELECT * FROM membership WHERE unit_id = ANY($1::uuid[]) AND (valid_to IS NULL OR valid_to > $2) ORDER BY valid_from, id',
        [ids, r.effectiveDate],
      ),
      this.pool.query(
        'SELECT code FROM unit WHERE agency_id = $1 AND valid_to IS NULL AND code = ANY($2::text[]) AND NOT (id = ANY($3::uuid[]))',
        [agencyId, r.newUnits.map((n) => n.code), ids],
      ),
      this.pool.query('SELECT id FROM unit WHERE id = ANY($1::uuid[])', [r.newUnits.map((n) => n.id).filter(Boolean)]),
    ]);
    return {
      units,
      descendants,
      positions: positions.rows.map(positionOf),
      memberships: memberships.rows.map(membershipOf),
      codesInUse: codes.rows.map((x) => x.code),
      parent,
      idsTaken: taken.rows.map((x) => x.id),
    };
  }

  async jobPositionState(tenantId: string, p: NewJobPosition): Promise<JobPositionState> {
    const unit = await this.unit(tenantId, p.unitId);
    const { rows } = await this.pool.query('SELECT * FROM job_position WHERE id = $1 OR (agency_id = $2 AND code = $3)', [
      p.id,
      unit?.agencyId ?? null,
      p.code,
    ]);
    const sameId = rows.find((r) => r.id === p.id);
    return {
      unit,
      sameId: sameId && sameId.tenant_id === tenantId ? positionOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      sameCode: rows.filter((r) => r.id !== p.id && r.code === p.code).map(positionOf)[0],
    };
  }

  async position(tenantId: string, id: string | null): Promise<JobPosition | undefined> {
    if (!id) return undefined;
    const { rows } = await this.pool.query('SELECT * FROM job_position WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
    return rows.map(positionOf)[0];
  }

  /** Other officials of the tenant with the email (any case), staff code or subject of these details. */
  async identityClashes(tenantId: string, d: PersonalDetails, self: string | null): Promise<IdentityClashes> {
    const { rows } = await this.pool.query(
      `SELECT * FROM official WHERE tenant_id = $1 AND id IS DISTINCT FROM $2
          AND (lower(email) = lower($3) OR staff_code = $4 OR idp_subject = $5)`,
      [tenantId, self, d.email, d.staffCode, d.idpSubject],
    );
    const all = rows.map(officialOf);
    return {
      sameEmail: all.find((o) => d.email && o.email?.toLowerCase() === d.email.toLowerCase()),
      sameStaffCode: all.find((o) => d.staffCode && o.staffCode === d.staffCode),
      sameSubject: all.find((o) => d.idpSubject && o.idpSubject === d.idpSubject),
    };
  }

  async officialState(tenantId: string, o: NewOfficial): Promise<OfficialState> {
    const [agencyExists, unit, position, same, clashes] = await Promise.all([
      this.agencyExists(tenantId, o.agencyId),
      this.unit(tenantId, o.unitId),
      this.position(tenantId, o.positionId),
      o.id ? this.pool.query('SELECT * FROM official WHERE id = $1', [o.id]) : undefined,
      this.identityClashes(tenantId, o, o.id),
    ]);
    const sameId = same?.rows[0];
    return {
      agencyExists,
      unit,
      position,
      sameId: sameId && sameId.tenant_id === tenantId ? officialOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      ...clashes,
    };
  }

  async official(tenantId: string, id: string): Promise<Official | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM official WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
    return rows.map(officialOf)[0];
  }

  /** The official with the identity-provider subject. */
  async officialBySubject(tenantId: string, subject: string): Promise<Official | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM official WHERE tenant_id = $1 AND idp_subject = $2', [tenantId, subject]);
    return rows.map(officialOf)[0];
  }

  /** Every post of an official, oldest first. */
  async memberships(officialId: string): Promise<Membership[]> {
    const { rows } = await this.pool.query('SELECT * FROM membership WHERE official_id = $1 ORDER BY valid_from, id', [officialId]);
    return rows.map(membershipOf);
  }

  async updateState(tenantId: string, d: PersonalDetails & { id: string }, today: string) {
    const [official, clashes, memberships] = await Promise.all([
      this.official(tenantId, d.id),
      this.identityClashes(tenantId, d, d.id),
      this.memberships(d.id),
    ]);
    const posts = memberships.filter((m) => m.validFrom <= today && (m.validTo === null || today < m.validTo));
    return { official, ...clashes, posts };
  }

  async postState(tenantId: string, a: AssignPost): Promise<PostState> {
    const [official, unit, position, memberships] = await Promise.all([
      this.official(tenantId, a.officialId),
      this.unit(tenantId, a.unitId),
      this.position(tenantId, a.positionId),
      this.memberships(a.officialId),
    ]);
    return { official, unit, position, memberships: official ? memberships : [] };
  }

  /** The official holding a membership, with all their memberships. */
  async membershipState(tenantId: string, membershipId: string): Promise<{ official?: Official; memberships: Membership[] }> {
    const { rows } = await this.pool.query('SELECT official_id FROM membership WHERE id = $1 AND tenant_id = $2', [membershipId, tenantId]);
    if (!rows[0]) return { memberships: [] };
    const [official, memberships] = await Promise.all([
      this.official(tenantId, rows[0].official_id),
      this.memberships(rows[0].official_id),
    ]);
    return { official, memberships };
  }

  /** Asks for the tenant's records to be published again (events/republish.ts); returns the request's id. */
  async requestRepublish(tenantId: string, requestedBy: string): Promise<number> {
    const { rows } = await this.pool.query('INSERT INTO republish_request (tenant_id, requested_by) VALUES ($1, $2) RETURNING id', [
      tenantId,
      requestedBy,
    ]);
    return rows[0].id;
  }

  async grantState(tenantId: string, g: NewRoleGrant): Promise<GrantState> {
    const node =
      g.nodeKind === 'AGENCY'
        ? this.pool.query('SELECT 1 FROM agency WHERE id = $1 AND tenant_id = $2', [g.nodeId, tenantId])
        : g.nodeKind === 'UNIT'
          ? this.pool.query('SELECT 1 FROM unit WHERE id = $1 AND tenant_id = $2', [g.nodeId, tenantId])
          : undefined;
    const [nodeRows, unit, official, same, existing] = await Promise.all([
      node,
      g.nodeKind === 'UNIT' ? this.unit(tenantId, g.nodeId) : undefined,
      g.officialId ? this.official(tenantId, g.officialId) : undefined,
      g.id ? this.pool.query('SELECT * FROM role_grant WHERE id = $1', [g.id]) : undefined,
      this.pool.query(
        `SELECT * FROM role_grant WHERE tenant_id = $1 AND coalesce(official_id::text, client_id) = $2 AND role = $3 AND node_id = $4`,
        [tenantId, g.officialId ?? g.clientId, g.role, g.nodeId],
      ),
    ]);
    const sameId = same?.rows[0];
    return {
      officialExists: Boolean(official),
      nodeExists: g.nodeKind === 'TENANT' || Boolean(nodeRows?.rowCount),
      unit,
      sameId: sameId && sameId.tenant_id === tenantId ? grantOf(sameId) : undefined,
      idUsedElsewhere: Boolean(sameId && sameId.tenant_id !== tenantId),
      existing: existing.rows.map(grantOf).filter((x) => x.id !== g.id),
    };
  }

  /** A grant, with the unit it covers when it covers one. */
  async grantWithNode(tenantId: string, id: string): Promise<{ grant?: RoleGrant; unit?: Unit }> {
    const { rows } = await this.pool.query('SELECT * FROM role_grant WHERE id = $1 AND tenant_id = $2', [id, tenantId]);
    const grant = rows.map(grantOf)[0];
    return { grant, unit: grant?.nodeKind === 'UNIT' ? await this.unit(tenantId, grant.nodeId) : undefined };
  }
}
