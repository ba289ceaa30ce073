import type { Actor } from '@thuocdo/kit';
import { objectivesV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import {
  checkIn,
  createKeyResult,
  createObjective,
  keyResultNotFound,
  type OkrDecision,
  objectiveNotFound,
  parseCheckIn,
  parseCreateKeyResult,
  parseCreateObjective,
  parseObjectiveId,
  parseUpdateKeyResult,
  parseUpdateObjective,
  planListCheckIns,
  planListObjectives,
  updateKeyResult,
  updateObjective,
} from '../domain/objective';
import type { ObjectiveStore } from '../store/objective-store';
import {
  keyResultFieldsOf,
  listObjectivesOf,
  objectiveFieldsOf,
  toProtoCheckIn,
  toProtoKeyResult,
  toProtoObjective,
} from './objective-mapping';

/** ObjectiveService: protobuf in, domain decisions, the store, protobuf out. */
export function objectiveService(store: ObjectiveStore) {
  /** load → decide → save, the save carrying the actor into the audit log. */
  const command = <S, E>(actor: Actor, cancelled: () => boolean, load: () => Promise<S>, decide: (s: S) => OkrDecision<E>) =>
    execute({ load, decide, save: (d) => store.save(d, actor), cancelled });

  /** A key result and its objective as they stand after a write (progress rolled up). */
  const afterWrite = async (tenantId: string, keyResultId: string) => {
    const keyResult = (await store.keyResult(tenantId, keyResultId))!;
    const objective = (await store.objective(tenantId, keyResult.objectiveId))!;
    return { keyResult: toProtoKeyResult(keyResult), objective: toProtoObjective(objective) };
  };

  return bindService('thuocdo.catalog.v1.ObjectiveService', objectivesV1.ObjectiveServiceService, {
    createObjective: rpc('okr.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateObjective(objectiveFieldsOf(req.fields));
      const { entity } = await command(
        actor,
        cancelled,
        () => store.alignment(actor.principal.tenantId, input.parentId),
        (s) => createObjective(input, s, actor),
      );
      return { objective: toProtoObjective(entity) };
    }),

    getObjective: rpc('catalog.read', async (req, { actor }) => {
      const id = parseObjectiveId(req.id);
      const tenant = actor.principal.tenantId;
      const [objective, keyResults] = await Promise.all([store.objective(tenant, id), store.keyResultsOf(tenant, id)]);
      if (!objective) throw objectiveNotFound();
      return { objective: toProtoObjective(objective), keyResults: keyResults.map(toProtoKeyResult) };
    }),

    updateObjective: rpc('okr.manage', async (req, { actor, cancelled }) => {
      const edit = parseUpdateObjective({ ...req, fields: objectiveFieldsOf(req.fields) });
      const { entity } = await command(
        actor,
        cancelled,
        () => store.objectiveState(actor.principal.tenantId, edit.id, edit.parentId),
        (s) => updateObjective(edit, s, actor),
      );
      return { objective: toProtoObjective(entity) };
    }),

    listObjectives: rpc('catalog.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listObjectives(actor.principal.tenantId, planListObjectives(listObjectivesOf(req)));
      return { objectives: items.map(toProtoObjective), nextPageToken };
    }),

    createKeyResult: rpc('okr.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateKeyResult({ objectiveId: req.objectiveId, fields: keyResultFieldsOf(req.fields) });
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        async () => ({ objective: await store.objective(tenant, input.objectiveId) }),
        (s) => createKeyResult(input, s, actor),
      );
      return afterWrite(tenant, entity.id);
    }),

    updateKeyResult: rpc('okr.manage', async (req, { actor, cancelled }) => {
      const input = parseUpdateKeyResult({ ...req, fields: keyResultFieldsOf(req.fields) });
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        () => store.keyResultState(tenant, input.id),
        (s) => updateKeyResult(input, s, actor),
      );
      return afterWrite(tenant, entity.id);
    }),

    checkInKeyResult: rpc('okr.check_in', async (req, { actor, cancelled }) => {
      const input = parseCheckIn(req, actor.today);
      const tenant = actor.principal.tenantId;
      const { entity } = await command(
        actor,
        cancelled,
        () => store.checkInState(tenant, input),
        (s) => checkIn(input, s, actor),
      );
      return { checkIn: toProtoCheckIn(entity), ...(await afterWrite(tenant, entity.keyResultId)) };
    }),

    listCheckIns: rpc('catalog.read', async (req, { actor }) => {
      const q = planListCheckIns(req);
      const tenant = actor.principal.tenantId;
      if (!(await store.keyResult(tenant, q.filters.keyResultId))) throw keyResultNotFound('key_result_id');
      const { items, nextPageToken } = await store.listCheckIns(tenant, q);
      return { checkIns: items.map(toProtoCheckIn), nextPageToken };
    }),
  });
}
