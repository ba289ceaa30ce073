import {
  type Actor,
  AlreadyExistsError,
  agencyFilter,
  check,
  coversAgency,
  type Decision,
  isString,
  isStringTuple,
  NotFoundError,
  type Page,
  PermissionDeniedError,
  readPage,
  unchanged,
  ValidationError,
} from '@thuocdo/kit';

// ---------------------------------------------------------------------------------------------
// The organisation as org owns it: agencies (cơ quan, đơn vị), their units (phòng, ban) and
// the officials (cán bộ, công chức, viên chức) who work in them.

export const AGENCY_KINDS = ['DEPARTMENT', 'COMMUNE', 'PUBLIC_SERVICE_UNIT', 'OTHER'] as const;
/** Sở/ban/ngành, UBND xã/phường, đơn vị sự nghiệp công lập, other. */
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const OFFICIAL_CATEGORIES = ['CADRE', 'CIVIL_SERVANT', 'PUBLIC_EMPLOYEE', 'CONTRACT_WORKER'] as const;
/** Cán bộ, công chức, viên chức, người lao động hợp đồng. */
export type OfficialCategory = (typeof OFFICIAL_CATEGORIES)[number];

export interface Agency {
  id: string;
  tenantId: string;
  code: string;
  name: string;
  kind: AgencyKind;
  version: number;
  createdAt: Date;
}

export interface Unit {
  id: string;
  tenantId: string;
  agencyId: string;
  /** Null for a unit directly under the agency. */
  parentUnitId: string | null;
  code: string;
  name: string;
  version: number;
  createdAt: Date;
}

export interface Official {
  id: string;
  tenantId: string;
  agencyId: string;
  unitId: string;
  fullName: string;
  email: string | null;
  category: OfficialCategory;
  version: number;
  createdAt: Date;
}

export type OrgEvent =
  | { kind: 'AgencyCreated'; agency: Agency }
  | { kind: 'UnitCreated'; unit: Unit }
  | { kind: 'OfficialCreated'; official: Official };

/** A request as grpc/ hands it over: plain values, enums by name ('' when the caller sent none or an unknown one). */
export interface CreateAgencyRequest {
  id: string;
  code: string;
  name: string;
  kind: string;
}
export interface CreateUnitRequest {
  id: string;
  agencyId: string;
  parentUnitId: string;
  code: string;
  name: string;
}
export interface CreateOfficialRequest {
  id: string;
  agencyId: string;
  unitId: string;
  fullName: string;
  email: string;
  category: string;
}

const idTaken = (what: { vi: string; en: string }) =>
  new AlreadyExistsError({ vi: `${what.vi} với mã định danh này đã tồn tại`, en: `${what.en} with this id already exists` }, 'id');

// ---------------------------------------------------------------------------------------------
// CreateAgency

export interface NewAgency {
  id: string | null;
  code: string;
  name: string;
  kind: AgencyKind;
}

export function parseCreateAgency(r: CreateAgencyRequest): NewAgency {
  return {
    id: check.optionalId('id', r.id),
    code: check.code('code', r.code),
    name: check.name('name', r.name),
    kind: check.oneOf('kind', r.kind as AgencyKind, AGENCY_KINDS),
  };
}

/** What the store found that a new agency could clash with. */
export interface AgencyClashes {
  /** The agency with the requested id, in this tenant. */
  sameId?: Agency;
  /** The id is used in another tenant (nothing more is said about it). */
  idUsedElsewhere: boolean;
  sameCode?: Agency;
}

/**
 * A caller-chosen id makes the call idempotent: repeating it with the same content answers the
 * stored agency; the same id with other content, or a code already used, is ALREADY_EXISTS.
 */
export function createAgency(a: NewAgency, s: AgencyClashes, actor: Actor): Decision<Agency, OrgEvent> {
  if (s.sameId) {
    if (s.sameId.code === a.code && s.sameId.name === a.name && s.sameId.kind === a.kind) return unchanged(s.sameId);
    throw idTaken({ vi: 'Cơ quan', en: 'An agency' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Cơ quan', en: 'An agency' });
  if (s.sameCode)
    throw new AlreadyExistsError({ vi: `Mã cơ quan ${a.code} đã tồn tại`, en: `Agency code ${a.code} already exists` }, 'code');
  const agency: Agency = {
    id: a.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    code: a.code,
    name: a.name,
    kind: a.kind,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: agency, events: [{ kind: 'AgencyCreated', agency }] };
}

// ---------------------------------------------------------------------------------------------
// CreateUnit

export interface NewUnit {
  id: string | null;
  agencyId: string;
  parentUnitId: string | null;
  code: string;
  name: string;
}

export function parseCreateUnit(r: CreateUnitRequest): NewUnit {
  return {
    id: check.optionalId('id', r.id),
    agencyId: check.id('agency_id', r.agencyId),
    parentUnitId: check.optionalId('parent_unit_id', r.parentUnitId),
    code: check.code('code', r.code),
    name: check.name('name', r.name),
  };
}

/** HR and administrators anywhere in the tenant; an agency leader in their own agency. Decided before anything is read. */
export function authorizeCreateUnit(u: NewUnit, actor: Actor): void {
  if (!coversAgency(actor.scope, u.agencyId)) throw new PermissionDeniedError();
}

export interface UnitState {
  agencyExists: boolean;
  /** The requested parent, if it exists in this tenant. */
  parent?: Unit;
  sameId?: Unit;
  idUsedElsewhere: boolean;
  /** A unit of the same agency with the same code. */
  sameCode?: Unit;
}

export function createUnit(u: NewUnit, s: UnitState, actor: Actor): Decision<Unit, OrgEvent> {
  if (s.sameId) {
    const same = s.sameId;
    if (same.agencyId === u.agencyId && same.parentUnitId === u.parentUnitId && same.code === u.code && same.name === u.name)
      return unchanged(same);
    throw idTaken({ vi: 'Đơn vị', en: 'A unit' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Đơn vị', en: 'A unit' });
  if (!s.agencyExists) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
  if (u.parentUnitId && (!s.parent || s.parent.agencyId !== u.agencyId))
    throw new ValidationError('parent_unit_id', {
      vi: 'Đơn vị cấp trên không thuộc cơ quan này',
      en: 'Parent unit does not belong to this agency',
    });
  if (s.sameCode) throw new AlreadyExistsError({ vi: `Mã đơn vị ${u.code} đã tồn tại`, en: `Unit code ${u.code} already exists` }, 'code');
  const unit: Unit = {
    id: u.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    agencyId: u.agencyId,
    parentUnitId: u.parentUnitId,
    code: u.code,
    name: u.name,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: unit, events: [{ kind: 'UnitCreated', unit }] };
}

// ---------------------------------------------------------------------------------------------
// CreateOfficial

export interface NewOfficial {
  id: string | null;
  agencyId: string;
  unitId: string;
  fullName: string;
  email: string | null;
  category: OfficialCategory;
}

export function parseCreateOfficial(r: CreateOfficialRequest): NewOfficial {
  return {
    id: check.optionalId('id', r.id),
    agencyId: check.id('agency_id', r.agencyId),
    unitId: check.id('unit_id', r.unitId),
    fullName: check.name('full_name', r.fullName),
    email: r.email.trim() ? check.email('email', r.email) : null,
    category: check.oneOf('category', r.category as OfficialCategory, OFFICIAL_CATEGORIES),
  };
}

/** HR and administrators anywhere in the tenant; an integrator in its own agency (or anywhere when tenant-wide). */
export function authorizeCreateOfficial(o: NewOfficial, actor: Actor): void {
  if (!coversAgency(actor.scope, o.agencyId)) throw new PermissionDeniedError();
}

export interface OfficialState {
  agencyExists: boolean;
  /** The requested unit, if it exists in this tenant. */
  unit?: Unit;
  sameId?: Official;
  idUsedElsewhere: boolean;
  /** An official of this tenant with the same email (case-insensitive). */
  sameEmail?: Official;
}

const sameOfficial = (a: Official, b: NewOfficial) =>
  a.agencyId === b.agencyId && a.unitId === b.unitId && a.fullName === b.fullName && a.email === b.email && a.category === b.category;

export function createOfficial(o: NewOfficial, s: OfficialState, actor: Actor): Decision<Official, OrgEvent> {
  if (s.sameId) {
    if (sameOfficial(s.sameId, o)) return unchanged(s.sameId);
    throw idTaken({ vi: 'Công chức', en: 'An official' });
  }
  if (s.idUsedElsewhere) throw idTaken({ vi: 'Công chức', en: 'An official' });
  if (!s.agencyExists) throw new NotFoundError({ vi: 'Không tìm thấy cơ quan', en: 'Agency not found' }, 'agency_id');
  if (!s.unit || s.unit.agencyId !== o.agencyId)
    throw new NotFoundError({ vi: 'Không tìm thấy đơn vị trong cơ quan này', en: 'Unit not found in this agency' }, 'unit_id');
  if (s.sameEmail)
    throw new AlreadyExistsError({ vi: 'Email đã được dùng cho người khác', en: 'Email is already used by another official' }, 'email');
  const official: Official = {
    id: o.id ?? actor.newId(),
    tenantId: actor.principal.tenantId,
    agencyId: o.agencyId,
    unitId: o.unitId,
    fullName: o.fullName,
    email: o.email,
    category: o.category,
    version: 1,
    createdAt: actor.now,
  };
  return { entity: official, events: [{ kind: 'OfficialCreated', official }] };
}

// ---------------------------------------------------------------------------------------------
// Lists: every one paginated, filters as fields, scoped before anything is read.

export interface PageRequest {
  pageSize: number;
  pageToken: string;
}

export interface AgencyQuery {
  filters: { kind: AgencyKind | null };
  /** After the code of the last agency seen. */
  page: Page<string>;
}

export function planListAgencies(r: PageRequest & { kind: string }): AgencyQuery {
  const filters = { kind: r.kind ? check.oneOf('kind', r.kind as AgencyKind, AGENCY_KINDS) : null };
  return { filters, page: readPage(r, filters, isString) };
}

export interface UnitQuery {
  filters: { agencyId: string | null; parentUnitId: string | null };
  /** After [agency id, code] of the last unit seen. */
  page: Page<string[]>;
}

export function planListUnits(r: PageRequest & { agencyId: string; parentUnitId: string }): UnitQuery {
  const filters = { agencyId: check.optionalId('agency_id', r.agencyId), parentUnitId: check.optionalId('parent_unit_id', r.parentUnitId) };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}

export interface OfficialQuery {
  filters: { agencyId: string | null; unitId: string | null; category: OfficialCategory | null };
  /** After [full name, id] of the last official seen. */
  page: Page<string[]>;
}

/**
 * Officials carry names and emails: tenant-wide readers see every agency; unit heads, agency
 * leaders and agency-scoped integrators only their own agency, whatever they ask for.
 */
export function planListOfficials(r: PageRequest & { agencyId: string; unitId: string; category: string }, actor: Actor): OfficialQuery {
  const requested = check.optionalId('agency_id', r.agencyId);
  const filters = {
    agencyId: agencyFilter(actor.scope, requested),
    unitId: check.optionalId('unit_id', r.unitId),
    category: r.category ? check.oneOf('category', r.category as OfficialCategory, OFFICIAL_CATEGORIES) : null,
  };
  return { filters, page: readPage(r, filters, isStringTuple(2)) };
}
