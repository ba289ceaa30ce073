import { bindService, check } from '@thuocdo/kit';
import { orgV1 } from '@thuocdo/proto';
import {
  canCreateOfficial,
  canCreateUnit,
  canManageOrg,
  officialsScope,
  parseCreateAgency,
  parseCreateOfficial,
  parseCreateUnit,
} from '../domain/org';
import type { OrgStore } from '../store/org-store';

const optionalUuid = (field: string, v: string) => (v ? check.uuid(field, v) : null);

/** Translates OrgService calls to the domain and the store. */
export function orgService(store: OrgStore) {
  return bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, {
    async createAgency(req, { principal }) {
      canManageOrg(principal);
      return { agency: await store.createAgency(principal.tenantId, parseCreateAgency(req)) };
    },
    async listAgencies(_req, { principal }) {
      return { agencies: await store.listAgencies(principal.tenantId) };
    },
    async createUnit(req, { principal }) {
      const unit = parseCreateUnit(req);
      canCreateUnit(principal, unit.agencyId);
      return { unit: await store.createUnit(principal.tenantId, unit) };
    },
    async listUnits(req, { principal }) {
      return { units: await store.listUnits(principal.tenantId, optionalUuid('agency_id', req.agencyId)) };
    },
    async createOfficial(req, { principal }) {
      const official = parseCreateOfficial(req);
      canCreateOfficial(principal, official.agencyId);
      return { official: await store.createOfficial(principal.tenantId, official) };
    },
    async listOfficials(req, { principal }) {
      return {
        officials: await store.listOfficials(
          principal.tenantId,
          officialsScope(principal, optionalUuid('agency_id', req.agencyId)),
          optionalUuid('unit_id', req.unitId),
        ),
      };
    },
  });
}
