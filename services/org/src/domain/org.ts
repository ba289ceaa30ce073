import { check, PermissionDeniedError, type Principal, requireRole } from '@thuocdo/kit';
import { orgV1 } from '@thuocdo/proto';

const { AgencyKind, OfficialCategory } = orgV1;

export interface NewAgency {
  id: string | null;
  code: string;
  name: string;
  kind: orgV1.AgencyKind;
}
export interface NewUnit {
  id: string | null;
  agencyId: string;
  parentUnitId: string | null;
  code: string;
  name: string;
}
export interface NewOfficial {
  id: string | null;
  agencyId: string;
  unitId: string;
  fullName: string;
  email: string | null;
  category: orgV1.OfficialCategory;
}

export function parseCreateAgency(req: orgV1.CreateAgencyRequest): NewAgency {
  const kinds = Object.values(AgencyKind).filter((k) => typeof k === 'number' && k > 0) as orgV1.AgencyKind[];
  return {
    id: req.id ? check.uuid('id', req.id) : null,
    code: check.code('code', req.code),
    name: check.name('name', req.name),
    kind: check.oneOf('kind', req.kind, kinds),
  };
}

export function parseCreateUnit(req: orgV1.CreateUnitRequest): NewUnit {
  return {
    id: req.id ? check.uuid('id', req.id) : null,
    agencyId: check.uuid('agency_id', check.required('agency_id', req.agencyId)),
    parentUnitId: req.parentUnitId ? check.uuid('parent_unit_id', req.parentUnitId) : null,
    code: check.code('code', req.code),
    name: check.name('name', req.name),
  };
}

export function parseCreateOfficial(req: orgV1.CreateOfficialRequest): NewOfficial {
  const categories = Object.values(OfficialCategory).filter((k) => typeof k === 'number' && k > 0) as orgV1.OfficialCategory[];
  return {
    id: req.id ? check.uuid('id', req.id) : null,
    agencyId: check.uuid('agency_id', check.required('agency_id', req.agencyId)),
    unitId: check.uuid('unit_id', check.required('unit_id', req.unitId)),
    fullName: check.name('full_name', req.fullName),
    email: req.email.trim() ? check.email('email', req.email) : null,
    category: check.oneOf('category', req.category, categories),
  };
}

/** Who may change the organisation. Reads are open to every signed-in user of the tenant. */
export const canManageOrg = (p: Principal) => requireRole(p, ['sys_admin', 'hr_admin']);

/** An agency leader may add units to their own agency only. */
export function canCreateUnit(p: Principal, agencyId: string): void {
  if (p.roles.includes('sys_admin') || p.roles.includes('hr_admin')) return;
  if (p.roles.includes('agency_leader') && p.agencyId === agencyId) return;
  throw new PermissionDeniedError();
}

/** HR and administrators anywhere in the tenant; an integrator only in its own agency, if it has one. */
export function canCreateOfficial(p: Principal, agencyId: string): void {
  if (p.roles.includes('sys_admin') || p.roles.includes('hr_admin')) return;
  if (p.roles.includes('integrator') && (!p.agencyId || p.agencyId === agencyId)) return;
  throw new PermissionDeniedError();
}

const TENANT_WIDE_READERS = ['province_leader', 'hr_admin', 'auditor', 'sys_admin'];

/**
 * The list of officials carries names and emails: tenant-wide roles see every agency; unit
 * heads, agency leaders and agency-scoped integrators only their own agency, whatever they ask
 * for; an official alone is refused. Returns the agency filter to apply (null: all).
 */
export function officialsScope(p: Principal, requestedAgencyId: string | null): string | null {
  if (p.roles.some((r) => TENANT_WIDE_READERS.includes(r))) return requestedAgencyId;
  if (p.roles.includes('integrator') && !p.agencyId) return requestedAgencyId;
  if (p.agencyId && p.roles.some((r) => ['unit_head', 'agency_leader', 'integrator'].includes(r))) {
    if (requestedAgencyId && requestedAgencyId !== p.agencyId) throw new PermissionDeniedError();
    return p.agencyId;
  }
  throw new PermissionDeniedError();
}
