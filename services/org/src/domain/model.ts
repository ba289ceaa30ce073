import {
  type Actor,
  check,
  coversAgency,
  coversUnit,
  type Decision,
  PermissionDeniedError,
  ROLES,
  type Role,
  todayInVietnam,
  ValidationError,
} from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// The organisation as org owns it, over time. Dates are calendar dates "YYYY-MM-DD" in
// Asia/Ho_Chi_Minh; a range is [validFrom, validTo), validTo null while it is in force.

export const AGENCY_KINDS = ['DEPARTMENT', 'COMMUNE', 'PUBLIC_SERVICE_UNIT', 'OTHER'] as const;
/** Sở/ban/ngành, UBND xã/phường, đơn vị sự nghiệp công lập, other. */
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const OFFICIAL_CATEGORIES = ['CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'CONTRACT_WORKER'] as const;
/** Cán bộ, công chức, viên chức, người lao động hợp đồng. */
export type OfficialCategory = (typeof OFFICIAL_CATEGORIES)[number];

export const POSITION_CATEGORIES = ['LEADERSHIP', 'SPECIALIST', 'SHARED_SPECIALIST', 'SUPPORT'] as const;
/** Nhóm vị trí việc làm: lãnh đạo quản lý, chuyên môn chuyên ngành, chuyên môn dùng chung, hỗ trợ phục vụ. */
export type PositionCategory = (typeof POSITION_CATEGORIES)[number];

export const MEMBERSHIP_KINDS = ['MAIN', 'CONCURRENT'] as const;
/** The one main post, or a concurrent post (kiêm nhiệm). */
export type MembershipKind = (typeof MEMBERSHIP_KINDS)[number];

export const END_REASONS = ['TRANSFER', 'PROMOTION', 'LEAVE', 'RETIREMENT', 'REORGANISATION', 'OTHER'] as const;
export type EndReason = (typeof END_REASONS)[number];

export const NODE_KINDS = ['TENANT', 'AGENCY', 'UNIT'] as const;
/** What a role grant covers: the whole tenant, an agency, or a unit with its subtree. */
export type NodeKind = (typeof NODE_KINDS)[number];

export interface Agency {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  kind: AgencyKind;
  version: number;
  createdAt: Date;
}

/** A unit's code, name and parent over one period of its life. */
export interface UnitPeriod {
  validFrom: string;
  validTo: string | null;
  code: string;
  name: string;
  parentUnitId: string | null;
}

export interface UnitLineage {
  predecessorId: string;
  successorId: string;
  kind: 'MERGE' | 'SPLIT';
  effectiveDate: string;
}

export interface Unit {
  id: string;
  tenantId: string;
  agencyId: string;
  /** The latest period's shape (code, name, parent). */
  parentUnitId: string | null;
  code: string;
  name: string;
  /** The unit's lifetime: created, then merged, split or dissolved. */
  validFrom: string;
  validTo: string | null;
  /** Ids from the agency's top unit down to this one, each followed by "/". */
  path: string;
  /** Oldest first; the last one is the latest shape. */
  periods: UnitPeriod[];
  /** The units this one came from (a merge or a split created it); empty otherwise. */
  lineage: UnitLineage[];
  version: number;
  createdAt: Date;
}

export interface JobPosition {
  id: string;
  tenantId: string;
  agencyId: string;
  unitId: string;
  code: string;
  title: string;
  duties: string;
  category: PositionCategory;
  leadership: boolean;
  version: number;
  createdAt: Date;
}

export interface Official {
  id: string;
  tenantId: string;
  /** The latest main post (or the last one, once it has ended). */
  agencyId: string;
  unitId: string;
  positionId: string | null;
  fullName: string;
  email: string | null;
  staffCode: string | null;
  idpSubject: string | null;
  category: OfficialCategory;
  /** False once the main post has ended with nothing after it. */
  active: boolean;
  version: number;
  createdAt: Date;
}

export interface Membership {
  id: string;
  tenantId: string;
  officialId: string;
  agencyId: string;
  unitId: string;
  positionId: string | null;
  kind: MembershipKind;
  validFrom: string;
  validTo: string | null;
  endReason: EndReason | null;
  version: number;
  createdAt: Date;
}

export interface RoleGrant {
  id: string;
  tenantId: string;
  officialId: string | null;
  clientId: string | null;
  role: Role;
  nodeKind: NodeKind;
  nodeId: string;
  validFrom: string;
  validTo: string | null;
  version: number;
  createdAt: Date;
}

/**
 * One record changed by a decision: its state before (null for a new record) and after (null
 * for a removed one). The store writes each change, the outbox gets one *Changed event per
 * change, and the audit log one row: a change cannot be saved without its event and its audit.
 */
export type OrgChange =
  | { type: 'agency'; before: Agency | null; after: Agency }
  | { type: 'unit'; before: Unit | null; after: Unit }
  | { type: 'job_position'; before: JobPosition | null; after: JobPosition }
  | { type: 'official'; before: Official | null; after: Official }
  | { type: 'membership'; before: Membership | null; after: Membership | null }
  | { type: 'role_grant'; before: RoleGrant | null; after: RoleGrant | null };

export type OrgDecision<E> = Decision<E, OrgChange>;

/** A request as grpc/ hands it over: plain values, enums by name ('' when the caller sent none or an unknown one). */
export type Plain<T> = { [K in keyof T]: T[K] extends number ? number : T[K] extends boolean ? boolean : string };

// ---------------------------------------------------------------------------------------------
// Dates and versions shared by the org decisions.

/** How far ahead a change may be recorded: a decision taking effect next year is recorded next year. */
const MAX_DAYS_AHEAD = 366;

/** An effective date: today when empty, at most a year ahead. */
export function effectiveDate(field: string, value: string, now: Date): string {
  if (!value) return todayInVietnam(now);
  const d = check.date(field, value);
  const limit = new Date(now.getTime() + MAX_DAYS_AHEAD * 86_400_000);
  if (d > todayInVietnam(limit))
    throw new ValidationError(field, {
      vi: `Ngày hiệu lực ${field} không được quá một năm kể từ hôm nay`,
      en: `${field} may be at most a year from today`,
    });
  if (d < '1945-09-02') throw new ValidationError(field, { vi: `Ngày ${field} không hợp lệ`, en: `${field} is not a plausible date` });
  return d;
}

/** Whether a [from, to) range covers a date. */
export const inForce = (r: { validFrom: string; validTo: string | null }, date: string) =>
  r.validFrom <= date && (r.validTo === null || date < r.validTo);

export function role(field: string, value: string): Role {
  return check.oneOf(field, value as Role, ROLES);
}

/** The version a caller read, for an update that must not overwrite a change it has not seen. */
export function expectedVersion(value: number): number {
  return check.intRange('version', value, 1, Number.MAX_SAFE_INTEGER);
}

/** The next state of a record: the changed fields and the next version. */
export const next = <T extends { version: number }>(r: T, changes: Partial<T>): T => ({ ...r, ...changes, version: r.version + 1 });

// ---------------------------------------------------------------------------------------------
// Reach: what the caller's scope covers among org's own records. A unit org holds carries its
// path as it stands (its ancestors), so a record just written is judged without waiting for the
// directory; posts of a past date go through the directory (the tree of that date).

/** The caller reaches the unit: its agency, or a granted unit on its path. */
export function reachesUnit(actor: Actor, unit: { agencyId: string; path: string }): boolean {
  const s = actor.scope;
  return coversAgency(s, unit.agencyId) || (s.units.size > 0 && unit.path.split('/').some((id) => id !== '' && s.units.has(id)));
}

/** The caller reaches an official: their own record, or one of the posts given (in force today) in reach. */
export function reachesOfficial(actor: Actor, officialId: string, posts: { agencyId: string; unitId: string }[]): boolean {
  const s = actor.scope;
  if (s.tenant || s.officialId === officialId) return true;
  return posts.some((m) => coversAgency(s, m.agencyId) || coversUnit(s, actor.directory, m.unitId, actor.today));
}

/** Refuses a caller out of reach (before anything about the record is said). */
export function authorize(reached: boolean): void {
  if (!reached) throw new PermissionDeniedError();
}
