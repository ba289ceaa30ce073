import { kpiV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import {
  createKpiSet,
  foundKpiSet,
  parseCreateKpiSet,
  parseKpiSetId,
  parseScoreKpiSet,
  parseUpdateKpiSet,
  planListKpiSets,
  scoreKpiSet,
  updateKpiSet,
} from '../domain/kpi-set';
import type { KpiStore } from '../store/kpi-store';
import { indicatorInput, kpiSetKindName, toProtoKpiSet } from './kpi-mapping';

/** KpiService: protobuf in, domain decisions, the store, protobuf out. */
export function kpiService(store: KpiStore) {
  return bindService('thuocdo.catalog.v1.KpiService', kpiV1.KpiServiceService, {
    createKpiSet: rpc('kpi.manage', async (req, { actor, cancelled }) => {
      const f = req.fields;
      const input = parseCreateKpiSet({
        fields: f && { ...f, kind: kpiSetKindName(f.kind), indicators: f.indicators.map(indicatorInput) },
      });
      const { entity } = await execute({
        load: () => store.kpiSetClashes(actor.principal.tenantId, input),
        decide: (s) => createKpiSet(input, s, actor),
        save: (d) => store.save(d, actor),
        cancelled,
      });
      return { kpiSet: toProtoKpiSet(entity) };
    }),

    getKpiSet: rpc('catalog.read', async (req, { actor }) => {
      const id = parseKpiSetId(req.id);
      const set = id ? await store.kpiSet(actor.principal.tenantId, id) : undefined;
      return { kpiSet: toProtoKpiSet(foundKpiSet(set)) };
    }),

    updateKpiSet: rpc('kpi.manage', async (req, { actor, cancelled }) => {
      const input = parseUpdateKpiSet({ ...req, indicators: req.indicators.map(indicatorInput) });
      const { entity } = await execute({
        load: () => store.kpiSet(actor.principal.tenantId, input.id),
        decide: (s) => updateKpiSet(input, s, actor),
        save: (d) => store.save(d, actor),
        cancelled,
      });
      return { kpiSet: toProtoKpiSet(entity) };
    }),

    listKpiSets: rpc('catalog.read', async (req, { actor }) => {
      const q = planListKpiSets({ ...req, kind: kpiSetKindName(req.kind) });
      const { items, nextPageToken } = await store.listKpiSets(actor.principal.tenantId, q);
      return { kpiSets: items.map(toProtoKpiSet), nextPageToken };
    }),

    scoreKpiSet: rpc('catalog.read', async (req, { actor }) => {
      const input = parseScoreKpiSet(req);
      return scoreKpiSet(input, await store.kpiSet(actor.principal.tenantId, input.id));
    }),
  });
}
