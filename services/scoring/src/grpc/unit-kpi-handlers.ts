import type { OutboxRecord } from '@thuocdo/db';
import { type Actor, check, isString, readPage, toPage } from '@thuocdo/kit';
import type { scoringV1 } from '@thuocdo/proto';
import { execute, rpc } from '@thuocdo/service';
import { type Period, parsePeriod } from '../domain/period';
import { parseRecordActuals, recordUnitActuals, setOfPeriod, type UnitKpiRecord, type UnitKpiSet } from '../domain/unit-kpi';
import type { PeriodStore } from '../store/period-store';
import type { UnitKpiStore } from '../store/unit-kpi-store';
import { toProtoUnitKpi } from './mapping';

/** The unit KPI RPCs of ScoringService: recording what units reached, and their scores (domain/unit-kpi.ts). */
export function unitKpiHandlers(
  store: UnitKpiStore,
  periods: PeriodStore,
  /** The event of each recording, written with it (events/unit-kpi-events.ts). */
  resultEvent: (set: UnitKpiSet, record: UnitKpiRecord) => OutboxRecord,
  /** Refuses a period that has not started (the service's one rule for it): results are of work done. */
  dayOf: (request: { officialId: string; period: Period }, actor: Actor) => unknown,
) {
  const isClosed = async (tenantId: string, period: Period) => (await periods.period(tenantId, period.key)).status === 'CLOSED';

  return {
    recordUnitKpiActuals: rpc<scoringV1.RecordUnitKpiActualsRequest, scoringV1.RecordUnitKpiActualsResponse>(
      'scoring.unit_kpi.record',
      async (req, { actor, cancelled }) => {
        const input = parseRecordActuals(req);
        dayOf({ officialId: '', period: input.period }, actor);
        const tenantId = actor.principal.tenantId;
        let loaded: { set: Awaited<ReturnType<UnitKpiStore['set']>>; before: UnitKpiRecord | undefined } | undefined;
        const { entity } = await execute({
          load: async () => {
            const [set, records, period] = await Promise.all([
              store.set(tenantId, input.kpiSetId),
              store.records(tenantId, input.period.key, [input.kpiSetId]),
              periods.period(tenantId, input.period.key),
            ]);
            loaded = { set, before: records.get(input.kpiSetId) };
            return { ...loaded, period };
          },
          decide: (s) => recordUnitActuals(input, s, actor),
          save: (d) => store.save(d, actor, loaded!.before, resultEvent(loaded!.set!, d.entity)),
          cancelled,
        });
        return { result: toProtoUnitKpi(loaded!.set!, input.period.key, entity, false) };
      },
    ),

    getUnitKpiResult: rpc<scoringV1.GetUnitKpiResultRequest, scoringV1.GetUnitKpiResultResponse>(
      'scoring.unit_kpi.read',
      async (req, { actor }) => {
        const kpiSetId = check.id('kpi_set_id', req.kpiSetId);
        const period = parsePeriod(req.period);
        const tenantId = actor.principal.tenantId;
        const [set, records, closed] = await Promise.all([
          store.set(tenantId, kpiSetId),
          store.records(tenantId, period.key, [kpiSetId]),
          isClosed(tenantId, period),
        ]);
        return { result: toProtoUnitKpi(setOfPeriod(set, period), period.key, records.get(kpiSetId), closed) };
      },
    ),

    listUnitKpiResults: rpc<scoringV1.ListUnitKpiResultsRequest, scoringV1.ListUnitKpiResultsResponse>(
      'scoring.unit_kpi.read',
      async (req, { actor }) => {
        const period = parsePeriod(req.period);
        const agencyId = req.agencyId.trim() ? check.id('agency_id', req.agencyId) : null;
        const filters = { period: period.key, agencyId };
        const page = readPage(req, filters, isString);
        const tenantId = actor.principal.tenantId;
        const sets = await store.sets(tenantId, period.year, { agencyId, after: page.after ?? undefined, limit: page.size + 1 });
        const { items, nextPageToken } = toPage(sets, page, filters, (s) => s.id);
        const [records, closed] = await Promise.all([
          store.records(
            tenantId,
            period.key,
            items.map((s) => s.id),
          ),
          isClosed(tenantId, period),
        ]);
        return { results: items.map((s) => toProtoUnitKpi(s, period.key, records.get(s.id), closed)), nextPageToken };
      },
    ),
  };
}
