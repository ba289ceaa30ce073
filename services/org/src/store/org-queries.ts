import type { Pool } from '@thuocdo/db';
import { likePatterns, personSortName, type Reach, toPage } from '@thuocdo/kit';
import type { RoleGrantQuery } from '../domain/grants';
import type { Membership, Unit, UnitLineage } from '../domain/model';
import type { JobPositionQuery, MembershipQuery, OfficialQuery } from '../domain/people';
import { type AgencyQuery, type UnitQuery, unitOn } from '../domain/structure';
import { agencyOf, grantOf, membershipOf, officialOf, positionOf, UNIT_SELECT, unitOf } from './rows';

/** Vietnamese alphabetical order (ICU), the order people expect names in. */
const VI = 'COLLATE "vi-VN-x-icu"';

/**
 * The caller's reach over officials, as SQL: everything, or officials with a post in force today
 * in a reached agency or unit, or the caller themself. Parameters from `first` on: reachValues.
 */
const REACH_OFFICIAL = (officialColumn: string, first: number) => `($${first} OR ${officialColumn} = $${first + 3}::uuid OR EXISTS (
    SELECT 1 FROM membership r WHERE r.official_id = ${officialColumn} AND r.valid_from <= $${first + 4}::date
       AND (r.valid_to IS NULL OR r.valid_to > $${first + 4}::date)
       AND (r.agency_id = ANY($${first + 1}::uuid[]) OR r.unit_id = ANY($${first + 2}::uuid[]))))`;
const reachValues = (r: Reach) => [r.all, r.agencies, r.units, r.officialId, r.onDate];

/** Names of the records an answer refers to by id. */
/**
 * Every search term as a LIKE of its own on a search document: the trigram index serves each
 * of them, where it serves no LIKE ALL over an array (a search matching few people read the
 * whole table).
 */
const matchesAll = (column: string, param: number, terms: string[]) =>
  terms.length ? terms.map((_, i) => `${column} LIKE ($${param}::text[])[${i + 1}]`).join(' AND ') : `cardinality($${param}::text[]) = 0`; // no term: every record (the parameter stays typed)

export interface NamedRef {
  id: string;
  name: string;
}

/** org's list and detail queries: every list paginated by keyset, filters as the domain planned them. */
export class OrgQueries {
  constructor(private readonly pool: Pool) {}

  async listAgencies(tenantId: string, q: AgencyQuery) {
    const searching = q.filters.terms.length > 0;
    const [afterKey, afterId] = q.page.after ?? [null, null];
    const key = searching ? `name ${VI}` : 'code';
    const { rows } = await this.pool.query(
      `SELECT * FROM agency WHERE tenant_id = $1 AND ($2::text IS NULL OR kind = $2) AND ${matchesAll('search_key', 3, q.filters.terms)}
          AND ($4::text IS NULL OR (${key}, id) > ($4::text ${searching ? VI : ''}, $5::uuid))
        ORDER BY ${key}, id LIMIT $6`,
      [tenantId, q.filters.kind, likePatterns(q.filters.terms), afterKey, afterId, q.page.size + 1],
    );
    return toPage(rows.map(agencyOf), q.page, q.filters, (a) => [searching ? a.name : a.code, a.id]);
  }

  /**
   * Units in force on a date, each with the code, name and parent it had then: by code within
   * each agency, or by name in Vietnamese order when searching.
   */
  async listUnits(tenantId: string, q: UnitQuery) {
    const f = q.filters;
    const searching = f.terms.length > 0;
    const [afterAgency, afterKey, afterId] = q.page.after ?? [null, null, null];
    const key = searching ? `p.name ${VI}` : 'p.code';
    const { rows } = await this.pool.query(
      `WITH shown AS (
         SELECT u.id, u.agency_id AS sort_agency, ${key} AS sort_key FROM unit_period p JOIN unit u ON u.id = p.unit_id
          WHERE u.tenant_id = $1 AND p.valid_from <= $2 AND (p.valid_to IS NULL OR p.valid_to > $2)
            AND ($3::uuid IS NULL OR u.agency_id = $3) AND ($4::uuid IS NULL OR p.parent_unit_id = $4)
            AND (NOT $5 OR p.parent_unit_id IS NULL) AND ${matchesAll('p.search_key', 6, f.terms)}
            AND ($7::uuid IS NULL OR (u.agency_id, ${key}, u.id) > ($7::uuid, $8::text ${searching ? VI : ''}, $9::uuid))
          ORDER BY u.agency_id, ${key}, u.id LIMIT $10)
       ${UNIT_SELECT} JOIN shown s ON s.id = u.id ORDER BY s.sort_agency, s.sort_key ${searching ? VI : ''}, u.id`,
      [tenantId, f.onDate, f.agencyId, f.parentUnitId, f.topLevel, likePatterns(f.terms), afterAgency, afterKey, afterId, q.page.size + 1],
    );
    const units = rows.map((r) => unitOn(unitOf(r), f.onDate));
    return toPage(units, q.page, q.filters, (u) => [u.agencyId, searching ? u.name : u.code, u.id]);
  }

  /** A unit with every earlier shape and the units it came from and went into. */
  async unitWithLineage(tenantId: string, id: string): Promise<{ unit: Unit; lineage: UnitLineage[] } | undefined> {
    const { rows } = await this.pool.query(`${UNIT_SELECT} WHERE u.id = $1 AND u.tenant_id = $2`, [id, tenantId]);
    if (!rows[0]) return undefined;
    const lineage = await this.pool.query(
      `SELECT predecessor_id AS "predecessorId", successor_id AS "successorId", kind, effective_date AS "effectiveDate"
         FROM unit_lineage WHERE predecessor_id = $1 OR successor_id = $1 ORDER BY effective_date, predecessor_id, successor_id`,
      [id],
    );
    return { unit: unitOf(rows[0]), lineage: lineage.rows };
  }

  /** Officials in Vietnamese order of given name; with unit and subunits, the whole subtree as it is now. */
  async listOfficials(tenantId: string, q: OfficialQuery) {
    const f = q.filters;
    const [afterName, afterId] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query(
      `SELECT o.* FROM official o
        WHERE o.tenant_id = $1 AND ($2::uuid IS NULL OR o.agency_id = $2)
          AND ($3::uuid IS NULL OR CASE WHEN $4 THEN o.unit_id IN (SELECT s.id FROM unit s JOIN unit top ON top.id = $3
                 WHERE s.tenant_id = $1 AND s.path LIKE replace(replace(replace(top.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
               ELSE o.unit_id = $3 END)
          AND ($5::uuid IS NULL OR o.position_id = $5) AND ($6::text IS NULL OR o.category = $6)
          AND ${matchesAll('o.search_key', 7, f.terms)} AND ($8 OR o.active)
          AND ($9::text IS NULL OR (o.sort_name ${VI}, o.id) > ($9::text ${VI}, $10::uuid))
          AND ${REACH_OFFICIAL('o.id', 12)}
        ORDER BY o.sort_name ${VI}, o.id LIMIT $11`,
      [
        tenantId,
        f.agencyId,
        f.unitId,
        f.includeSubunits,
        f.positionId,
        f.category,
        likePatterns(f.terms),
        f.includeInactive,
        afterName,
        afterId,
        q.page.size + 1,
        ...reachValues(q.reach),
      ],
    );
    return toPage(rows.map(officialOf), q.page, q.filters, (o) => [personSortName(o.fullName), o.id]);
  }

  /**
   * Posts: one official's over time (newest first), or those held in a unit (with its subtree)
   * or an agency on a date, in the order of the holders' names.
   */
  async listMemberships(tenantId: string, q: MembershipQuery) {
    const f = q.filters;
    const [afterKey, afterId] = q.page.after ?? [null, null];
    if (f.officialId) {
      const { rows } = await this.pool.query(
        `SELECT * FROM membership WHERE tenant_id = $1 AND official_id = $2 AND ($3::uuid IS NULL OR agency_id = $3)
            AND ($4::date IS NULL OR (valid_from <= $4 AND (valid_to IS NULL OR valid_to > $4)))
            AND ($5::text IS NULL OR (valid_from, id) < ($5::date, $6::uuid))
          ORDER BY valid_from DESC, id DESC LIMIT $7`,
        [tenantId, f.officialId, f.agencyId, f.onDate, afterKey, afterId, q.page.size + 1],
      );
      return toPage(rows.map(membershipOf), q.page, q.filters, (m) => [m.validFrom, m.id]);
    }
    const { rows } = await this.pool.query(
      `SELECT m.*, o.sort_name FROM membership m JOIN official o ON o.id = m.official_id
        WHERE m.tenant_id = $1 AND ($2::uuid IS NULL OR m.agency_id = $2)
          AND ($3::uuid IS NULL OR CASE WHEN $4 THEN m.unit_id IN (SELECT s.id FROM unit s JOIN unit top ON top.id = $3
                 WHERE s.tenant_id = $1 AND s.path LIKE replace(replace(replace(top.path, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%')
               ELSE m.unit_id = $3 END)
          AND m.valid_from <= $5 AND (m.valid_to IS NULL OR m.valid_to > $5)
          AND ($6::text IS NULL OR (o.sort_name ${VI}, m.id) > ($6::text ${VI}, $7::uuid))
          AND ${REACH_OFFICIAL('m.official_id', 9)}
        ORDER BY o.sort_name ${VI}, m.id LIMIT $8`,
      [tenantId, f.agencyId, f.unitId, f.includeSubunits, f.onDate, afterKey, afterId, q.page.size + 1, ...reachValues(q.reach)],
    );
    const sortNames = new Map(rows.map((r) => [r.id as string, r.sort_name as string]));
    return toPage(rows.map(membershipOf), q.page, q.filters, (m: Membership) => [sortNames.get(m.id)!, m.id]);
  }

  async listJobPositions(tenantId: string, q: JobPositionQuery) {
    const f = q.filters;
    const [afterUnit, afterCode] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query(
      `SELECT * FROM job_position WHERE tenant_id = $1 AND ($2::uuid IS NULL OR agency_id = $2) AND ($3::uuid IS NULL OR unit_id = $3)
          AND ($4::text IS NULL OR category = $4) AND ($5::uuid IS NULL OR (unit_id, code) > ($5::uuid, $6::text))
        ORDER BY unit_id, code LIMIT $7`,
      [tenantId, f.agencyId, f.unitId, f.category, afterUnit, afterCode, q.page.size + 1],
    );
    return toPage(rows.map(positionOf), q.page, q.filters, (p) => [p.unitId, p.code]);
  }

  async listRoleGrants(tenantId: string, q: RoleGrantQuery) {
    const f = q.filters;
    const [afterFrom, afterId] = q.page.after ?? [null, null];
    const { rows } = await this.pool.query(
      `SELECT * FROM role_grant WHERE tenant_id = $1 AND ($2::uuid IS NULL OR official_id = $2) AND ($3::text IS NULL OR client_id = $3)
          AND ($4::text IS NULL OR node_id = $4) AND ($5::text IS NULL OR role = $5)
          AND ($6::date IS NULL OR (valid_from <= $6 AND (valid_to IS NULL OR valid_to > $6)))
          AND ($7::text IS NULL OR (valid_from, id) > ($7::date, $8::uuid))
          AND ($10 OR node_id = ANY($11::text[]) OR node_id = ANY($12::text[])
               -- a grant over a unit of an agency in reach (the agency's whole tree is)
               OR (node_kind = 'UNIT' AND EXISTS (SELECT 1 FROM unit u WHERE u.id::text = node_id AND u.agency_id::text = ANY($11::text[]))))
        ORDER BY valid_from, id LIMIT $9`,
      [
        tenantId,
        f.officialId,
        f.clientId,
        f.nodeId,
        f.role,
        f.onDate,
        afterFrom,
        afterId,
        q.page.size + 1,
        q.reach.all,
        q.reach.agencies,
        q.reach.units,
      ],
    );
    return toPage(rows.map(grantOf), q.page, q.filters, (g) => [g.validFrom, g.id]);
  }

  /** Display names of agencies, units (their latest name), job positions and officials, by id. */
  async names(tenantId: string, ids: Iterable<string | null | undefined>): Promise<NamedRef[]> {
    const wanted = [...new Set([...ids].filter((x): x is string => Boolean(x) && /^[0-9a-f-]{36}$/i.test(x!)))];
    if (!wanted.length) return [];
    const { rows } = await this.pool.query(
      `SELECT id, name FROM agency WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id, name FROM unit WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id, title FROM job_position WHERE tenant_id = $1 AND id = ANY($2::uuid[])
       UNION ALL SELECT id, full_name FROM official WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
      [tenantId, wanted],
    );
    return rows.map((r) => ({ id: r.id, name: r.name }));
  }
}
