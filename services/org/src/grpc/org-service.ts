import { orgV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import {
  authorizeCreateOfficial,
  authorizeCreateUnit,
  createAgency,
  createOfficial,
  createUnit,
  parseCreateAgency,
  parseCreateOfficial,
  parseCreateUnit,
  planListAgencies,
  planListOfficials,
  planListUnits,
} from '../domain/org';
import type { OrgStore } from '../store/org-store';
import { categoryName, kindName, toProtoAgency, toProtoOfficial, toProtoUnit } from './mapping';

/** OrgService: protobuf in, domain decisions, the store, protobuf out. */
export function orgService(store: OrgStore) {
  return bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, {
    createAgency: rpc('org.agency.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateAgency({ ...req, kind: kindName(req.kind) });
      const { entity } = await execute({
        load: () => store.agencyClashes(actor.principal.tenantId, input),
        decide: (state) => createAgency(input, state, actor),
        save: (d) => store.saveAgency(d),
        cancelled,
      });
      return { agency: toProtoAgency(entity) };
    }),

    listAgencies: rpc('org.structure.read', async (req, { actor }) => {
      const q = planListAgencies({ ...req, kind: kindName(req.kind) });
      const { items, nextPageToken } = await store.listAgencies(actor.principal.tenantId, q);
      return { agencies: items.map(toProtoAgency), nextPageToken };
    }),

    createUnit: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateUnit(req);
      authorizeCreateUnit(input, actor);
      const { entity } = await execute({
        load: () => store.unitState(actor.principal.tenantId, input),
        decide: (state) => createUnit(input, state, actor),
        save: (d) => store.saveUnit(d),
        cancelled,
      });
      return { unit: toProtoUnit(entity) };
    }),

    listUnits: rpc('org.structure.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listUnits(actor.principal.tenantId, planListUnits(req));
      return { units: items.map(toProtoUnit), nextPageToken };
    }),

    createOfficial: rpc('org.official.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateOfficial({ ...req, category: categoryName(req.category) });
      authorizeCreateOfficial(input, actor);
      const { entity } = await execute({
        load: () => store.officialState(actor.principal.tenantId, input),
        decide: (state) => createOfficial(input, state, actor),
        save: (d) => store.saveOfficial(d),
        cancelled,
      });
      return { official: toProtoOfficial(entity) };
    }),

    listOfficials: rpc('org.official.read', async (req, { actor }) => {
      const q = planListOfficials({ ...req, category: categoryName(req.category) }, actor);
      const { items, nextPageToken } = await store.listOfficials(actor.principal.tenantId, q);
      return { officials: items.map(toProtoOfficial), nextPageToken };
    }),
  });
}
