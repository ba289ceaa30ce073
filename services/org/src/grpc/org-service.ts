import { type Actor, coversTenant, NotFoundError, PermissionDeniedError, todayInVietnam } from '@thuocdo/kit';
import { orgV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import { endRoleGrant, grantRole, parseEndRoleGrant, parseGrantRole, planListRoleGrants } from '../domain/grants';
import { inForce, type OrgDecision } from '../domain/model';
import {
  assignPost,
  canReadOfficial,
  createJobPosition,
  createOfficial,
  endMembership,
  parseAssignPost,
  parseCreateJobPosition,
  parseCreateOfficial,
  parseEndMembership,
  parseUpdateOfficial,
  planListJobPositions,
  planListMemberships,
  planListOfficials,
  updateOfficial,
} from '../domain/people';
import {
  createAgency,
  createUnit,
  mergeUnits,
  moveUnit,
  parseCreateAgency,
  parseCreateUnit,
  parseMergeUnits,
  parseMoveUnit,
  parseRenameUnit,
  parseSplitUnit,
  planListAgencies,
  planListUnits,
  renameUnit,
  splitUnit,
} from '../domain/structure';
import type { OrgQueries } from '../store/org-queries';
import type { OrgStore } from '../store/org-store';
import {
  categoryName,
  endReasonName,
  kindName,
  membershipKindName,
  nodeKindName,
  positionCategoryName,
  toProtoAgency,
  toProtoJobPosition,
  toProtoMembership,
  toProtoOfficial,
  toProtoRoleGrant,
  toProtoUnit,
  toProtoUnitLineage,
  toProtoUnitPeriod,
} from './mapping';

const officialNotFound = () => new NotFoundError({ vi: 'Không tìm thấy công chức', en: 'Official not found' }, 'id');

/** OrgService: protobuf in, domain decisions, the store, protobuf out. */
export function orgService(store: OrgStore, queries: OrgQueries) {
  /** load → decide → save, the save carrying the actor into the audit log. */
  const command = <S, E>(
    actor: Actor,
    cancelled: () => boolean,
    load: () => Promise<S>,
    decide: (s: S) => OrgDecision<E>,
  ): Promise<OrgDecision<E>> => execute({ load, decide, save: (d) => store.save(d, actor), cancelled });

  return bindService('thuocdo.org.v1.OrgService', orgV1.OrgServiceService, {
    createAgency: rpc('org.agency.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateAgency({ ...req, kind: kindName(req.kind) });
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        () => store.agencyClashes(tenant, input),
        (s) => createAgency(input, s, actor),
      );
      return { agency: toProtoAgency(entity) };
    }),

    listAgencies: rpc('org.structure.read', async (req, { actor }) => {
      const q = planListAgencies({ ...req, kind: kindName(req.kind) });
      const { items, nextPageToken } = await queries.listAgencies(actor.principal.tenantId, q);
      return { agencies: items.map(toProtoAgency), nextPageToken };
    }),

    createUnit: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateUnit(req, actor.now);
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        () => store.unitState(tenant, input),
        (s) => createUnit(input, s, actor),
      );
      return { unit: toProtoUnit(entity) };
    }),

    listUnits: rpc('org.structure.read', async (req, { actor }) => {
      const { items, nextPageToken } = await queries.listUnits(actor.principal.tenantId, planListUnits(req, actor.now));
      return { units: items.map(toProtoUnit), nextPageToken };
    }),

    getUnit: rpc('org.structure.read', async (req, { actor }) => {
      const found = req.id && /^[0-9a-f-]{36}$/i.test(req.id) ? await queries.unitWithLineage(actor.principal.tenantId, req.id) : undefined;
      if (!found) throw new NotFoundError({ vi: 'Không tìm thấy đơn vị', en: 'Unit not found' }, 'id');
      return {
        unit: toProtoUnit(found.unit),
        history: found.unit.periods.map(toProtoUnitPeriod),
        lineage: found.lineage.map(toProtoUnitLineage),
      };
    }),

    renameUnit: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseRenameUnit(req, actor.now);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.renameState(actor.principal.tenantId, input.id, input.code),
        (s) => renameUnit(input, s, actor),
      );
      return { unit: toProtoUnit(entity) };
    }),

    moveUnit: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseMoveUnit(req, actor.now);
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        async () => ({ ...(await store.unitTree(tenant, input.id)), parent: await store.unit(tenant, input.newParentUnitId) }),
        (s) => moveUnit(input, s, actor),
      );
      return { unit: toProtoUnit(entity) };
    }),

    mergeUnits: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseMergeUnits({ ...req, into: req.into }, actor.now);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.reorganisationState(actor.principal.tenantId, { ...input, newUnits: [input.into] }),
        (s) => mergeUnits(input, s, actor),
      );
      return { unit: toProtoUnit(entity) };
    }),

    splitUnit: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseSplitUnit(req, actor.now);
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        async () => {
          const unit = await store.unit(tenant, input.id);
          return store.reorganisationState(tenant, { ...input, unitIds: [input.id], parentUnitId: unit?.parentUnitId ?? null });
        },
        (s) => splitUnit(input, s, actor),
      );
      return { units: entity.map(toProtoUnit) };
    }),

    createJobPosition: rpc('org.unit.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateJobPosition({ ...req, category: positionCategoryName(req.category) });
      const { entity } = await command(
        actor,
        cancelled,
        () => store.jobPositionState(actor.principal.tenantId, input),
        (s) => createJobPosition(input, s, actor),
      );
      return { jobPosition: toProtoJobPosition(entity) };
    }),

    listJobPositions: rpc('org.structure.read', async (req, { actor }) => {
      const q = planListJobPositions({ ...req, category: positionCategoryName(req.category) });
      const { items, nextPageToken } = await queries.listJobPositions(actor.principal.tenantId, q);
      return { jobPositions: items.map(toProtoJobPosition), nextPageToken };
    }),

    createOfficial: rpc('org.official.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateOfficial({ ...req, category: categoryName(req.category) }, actor.now);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.officialState(actor.principal.tenantId, input),
        (s) => createOfficial(input, s, actor),
      );
      return { official: toProtoOfficial(entity) };
    }),

    listOfficials: rpc('org.official.read', async (req, { actor }) => {
      const q = planListOfficials({ ...req, category: categoryName(req.category) }, actor);
      const { items, nextPageToken } = await queries.listOfficials(actor.principal.tenantId, q);
      return { officials: items.map(toProtoOfficial), nextPageToken };
    }),

    getOfficial: rpc('org.official.read', async (req, { actor }) => {
      const tenant = actor.principal.tenantId;
      const official = req.id && /^[0-9a-f-]{36}$/i.test(req.id) ? await store.official(tenant, req.id) : undefined;
      const memberships = official ? (await store.memberships(official.id)).reverse() : [];
      // An official outside the caller's scope reads as one that does not exist.
      if (!official || !canReadOfficial(official.id, memberships, actor)) throw officialNotFound();
      const names = await queries.names(
        tenant,
        memberships.flatMap((m) => [m.agencyId, m.unitId, m.positionId]),
      );
      return { official: toProtoOfficial(official), memberships: memberships.map(toProtoMembership), names };
    }),

    updateOfficial: rpc('org.official.manage', async (req, { actor, cancelled }) => {
      const input = parseUpdateOfficial({ ...req, category: categoryName(req.category) });
      const { entity } = await command(
        actor,
        cancelled,
        () => store.updateState(actor.principal.tenantId, input, actor.today),
        (s) => updateOfficial(input, s, actor),
      );
      return { official: toProtoOfficial(entity) };
    }),

    assignPost: rpc('org.official.manage', async (req, { actor, cancelled }) => {
      const input = parseAssignPost(
        { ...req, kind: membershipKindName(req.kind), previousEndReason: endReasonName(req.previousEndReason) },
        actor.now,
      );
      const { entity } = await command(
        actor,
        cancelled,
        () => store.postState(actor.principal.tenantId, input),
        (s) => assignPost(input, s, actor),
      );
      return { membership: toProtoMembership(entity.membership), ended: entity.ended ? toProtoMembership(entity.ended) : undefined };
    }),

    endMembership: rpc('org.official.manage', async (req, { actor, cancelled }) => {
      const input = parseEndMembership({ ...req, reason: endReasonName(req.reason) }, actor.now);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.membershipState(actor.principal.tenantId, input.id),
        (s) => endMembership(input, s, actor),
      );
      return { membership: toProtoMembership(entity) };
    }),

    listMemberships: rpc('org.official.read', async (req, { actor }) => {
      const tenant = actor.principal.tenantId;
      const q = planListMemberships(req, actor);
      // One official's history: the whole of it, for a caller who may read the official.
      if (q.filters.officialId && !canReadOfficial(q.filters.officialId, await store.memberships(q.filters.officialId), actor))
        throw officialNotFound();
      const { items, nextPageToken } = await queries.listMemberships(tenant, q);
      const names = await queries.names(
        tenant,
        items.flatMap((m) => [m.officialId, m.unitId, m.positionId]),
      );
      return { memberships: items.map(toProtoMembership), nextPageToken, names };
    }),

    grantRole: rpc('org.grant.manage', async (req, { actor, cancelled }) => {
      const input = parseGrantRole({ ...req, nodeKind: nodeKindName(req.nodeKind) }, actor);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.grantState(actor.principal.tenantId, input),
        (s) => grantRole(input, s, actor),
      );
      return { roleGrant: toProtoRoleGrant(entity) };
    }),

    endRoleGrant: rpc('org.grant.manage', async (req, { actor, cancelled }) => {
      const input = parseEndRoleGrant(req, actor.now);
      const { entity } = await command(
        actor,
        cancelled,
        () => store.grantWithNode(actor.principal.tenantId, input.id),
        (s) => endRoleGrant(input, s, actor),
      );
      return { roleGrant: toProtoRoleGrant(entity) };
    }),

    listRoleGrants: rpc('org.grant.read', async (req, { actor }) => {
      const tenant = actor.principal.tenantId;
      const { items, nextPageToken } = await queries.listRoleGrants(tenant, planListRoleGrants(req, actor));
      const names = await queries.names(
        tenant,
        items.flatMap((g) => [g.officialId, g.nodeId]),
      );
      return { roleGrants: items.map(toProtoRoleGrant), nextPageToken, names };
    }),

    republishRecords: rpc('org.republish', async (_req, { actor }) => {
      if (!coversTenant(actor.scope)) throw new PermissionDeniedError();
      return { requestId: await store.requestRepublish(actor.principal.tenantId, actor.principal.subject) };
    }),

    whoAmI: rpc('org.self.read', async (_req, { actor }) => {
      const p = actor.principal;
      const today = todayInVietnam(actor.now);
      const official = p.officialId ? await store.official(p.tenantId, p.officialId) : await store.officialBySubject(p.tenantId, p.subject);
      const memberships = official ? (await store.memberships(official.id)).filter((m) => inForce(m, today)) : [];
      // Grants of the official, or of the client for a service account (one without either has none).
      const grantee = official
        ? { officialId: official.id, clientId: null }
        : p.clientId
          ? { officialId: null, clientId: p.clientId }
          : null;
      const roleGrants = grantee
        ? (
            await queries.listRoleGrants(p.tenantId, {
              filters: { ...grantee, nodeId: null, role: null, onDate: today },
              reach: { all: true, agencies: [], units: [], officialId: null, onDate: today },
              page: { size: 1000, after: null },
            })
          ).items
        : [];
      const names = await queries.names(p.tenantId, [
        ...memberships.flatMap((m) => [m.agencyId, m.unitId, m.positionId]),
        ...roleGrants.map((g) => g.nodeId),
      ]);
      return {
        subject: p.subject,
        tenantId: p.tenantId,
        clientId: p.clientId,
        official: official ? toProtoOfficial(official) : undefined,
        memberships: memberships.map(toProtoMembership),
        roleGrants: roleGrants.map(toProtoRoleGrant),
        names,
      };
    }),
  });
}
