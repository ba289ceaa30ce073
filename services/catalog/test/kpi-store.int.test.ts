import { randomUUID } from 'node:crypto';
import type { Pool } from '@thuocdo/db';
import { type Actor, assetPath, type DirectoryRecord } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload, EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, failureOf, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  createKpiSet,
  type IndicatorInput,
  type KpiSet,
  type KpiSetFieldsInput,
  parseCreateKpiSet,
  parseUpdateKpiSet,
  planListKpiSets,
  updateKpiSet,
} from '../src/domain/kpi-set';
import { kpiEvents } from '../src/events/kpi-events';
import { KpiStore } from '../src/store/kpi-store';

const agencyRecord = (id: string): DirectoryRecord => ({ kind: 'agency', id, version: 1, removed: false, value: { id, tenantId: TENANT } });

const indicator = (code: string, group: string, weight: number, extra: Partial<IndicatorInput> = {}): IndicatorInput => ({
  code,
  name: `Chỉ số ${code}`,
  group,
  type: 'ATTAINMENT',
  measureUnit: 'văn bản',
  target: 40,
  periodTargets: [],
  cap: 1.2,
  tolerance: 0,
  weight,
  steps: [],
  ...extra,
});

/** A unit's foundational, functional and specific indicators (KPI nền tảng, chức năng, đặc thù) for a year. */
const threeGroups = (year = 2026) => [
  indicator('NT.01', 'FOUNDATIONAL', 25, { periodTargets: [{ period: `${year}-Q1`, target: 10 }] }),
  indicator('CN.01', 'FUNCTIONAL', 55, {
    type: 'ABSOLUTE_DEVIATION',
    target: 100,
    tolerance: 20,
    steps: [
      { atLeast: 1, score: 100 },
      { atLeast: 0.5, score: 60 },
    ],
  }),
  indicator('DT.01', 'SPECIFIC', 20, { type: 'BINARY', target: 1 }),
];

describe('KPI store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: KpiStore;
  let admin: Actor;
  // Each test works in an agency of its own, so that none depends on another's sets.
  const agencies = Array.from({ length: 8 }, () => randomUUID());
  const units = agencies.map(() => randomUUID());
  let nextAgency = 0;
  const freshAgency = () => {
    const k = nextAgency++;
    return { agencyId: agencies[k], unitId: units[k] };
  };

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('catalog_kpi', assetPath('services/catalog/migrations')));
    store = new KpiStore(pool, kpiEvents(new EventEncoder('catalog', service('catalog').produces)));
    admin = actorFor('kpi.manage', ['catalog_admin'], {
      directory: directoryWith([...agencies.map(agencyRecord), ...units.map((u, k) => unitRecord(u, agencies[k]))]),
    });
  });
  afterAll(() => close());

  const unitSet = (owner: { agencyId: string; unitId: string }, extra: Partial<KpiSetFieldsInput> = {}): KpiSetFieldsInput => ({
    kind: 'UNIT',
    ...owner,
    jobPositionId: '',
    year: 2026,
    name: 'KPI Phòng Tổng hợp 2026',
    indicators: threeGroups(extra.year),
    ...extra,
  });

  const create = (fields: KpiSetFieldsInput, actor = admin) => {
    const input = parseCreateKpiSet({ fields });
    return execute({
      load: () => store.kpiSetClashes(actor.principal.tenantId, input),
      decide: (s) => createKpiSet(input, s, actor),
      save: (d) => store.save(d, actor),
    });
  };

  const update = (set: KpiSet, changes: { name?: string; indicators?: IndicatorInput[] }, actor = admin) => {
    const input = parseUpdateKpiSet({ id: set.id, version: set.version, name: set.name, indicators: threeGroups(), ...changes });
    return execute({
      load: () => store.kpiSet(actor.principal.tenantId, input.id),
      decide: (s) => updateKpiSet(input, s, actor),
      save: (d) => store.save(d, actor),
    });
  };

  const eventsOf = async (id: string) => {
    const { rows } = await pool.query('SELECT topic, envelope FROM outbox WHERE message_key = $1 ORDER BY created_at, event_id', [id]);
    return rows.map((r) => {
      const env = decodeEnvelope(r.envelope);
      return { topic: r.topic, version: env.aggregateVersion, set: decodePayload(env, Events.KpiSetChanged).kpiSet! };
    });
  };

  it('writes a set, its whole KpiSetChanged event and its audit row together, and reads it back as written', async () => {
    const { entity } = await create(unitSet(freshAgency()));
    expect(await store.kpiSet(TENANT, entity.id)).toEqual(entity);
    const events = await eventsOf(entity.id);
    expect(events.map((e) => [e.topic, e.version, e.set.version, e.set.indicators.map((i) => i.code)])).toEqual([
      ['catalog.kpi-set-changed.v1', 1, 1, ['NT.01', 'CN.01', 'DT.01']],
    ]);
    expect(events[0].set.indicators[0].periodTargets).toEqual([{ period: '2026-Q1', target: 10 }]);
    const { rows } = await pool.query(
      "SELECT action, before, after->>'version' AS version FROM audit_log WHERE entity_type = 'kpi_set' AND entity_id = $1",
      [entity.id],
    );
    expect(rows).toEqual([{ action: 'kpi.manage', before: null, version: '1' }]);
    // Another tenant does not see it.
    expect(await store.kpiSet('another-province', entity.id)).toBeUndefined();
  });

  it('gives one of many concurrent creations for an owner and year the set, and the others ALREADY_EXISTS', async () => {
    const owner = freshAgency();
    // The agency as a whole (no unit) is an owner too: NULL units count as the same.
    const fields = unitSet({ ...owner, unitId: '' });
    const results = await Promise.allSettled(Array.from({ length: 6 }, () => create(fields)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected'))
      expect(
        failureOf(() => {
          throw r.reason;
        }),
      ).toEqual({ reason: 'ALREADY_EXISTS', field: 'fields.year' });
    const { rows } = await pool.query(
      `SELECT count(*)::int AS sets, (SELECT count(*)::int FROM outbox o JOIN kpi_set s ON o.message_key = s.id::text WHERE s.agency_id = $1) AS events
         FROM kpi_set WHERE agency_id = $1`,
      [owner.agencyId],
    );
    expect(rows[0]).toEqual({ sets: 1, events: 1 });
    // A unit of the agency, another year, or a job position's template are other owners.
    await create(unitSet(owner));
    await create(unitSet({ ...owner, unitId: '' }, { year: 2027 }));
    await create(unitSet({ ...owner, unitId: '' }, { kind: 'POSITION_TEMPLATE', jobPositionId: randomUUID(), indicators: individual() }));
  });

  const individual = () => [indicator('CV.01', 'INDIVIDUAL', 70), indicator('CV.02', 'INDIVIDUAL', 30)];

  it('updates the version read, with the next event and an audit row of before and after', async () => {
    const { entity: set } = await create(unitSet(freshAgency()));
    const indicators = threeGroups().map((i, k) => (k === 0 ? { ...i, target: 50, weight: 35 } : k === 1 ? { ...i, weight: 45 } : i));
    const { entity: after } = await update(set, { name: 'KPI Phòng Tổng hợp 2026 (điều chỉnh)', indicators });
    expect(after.version).toBe(2);
    expect(await store.kpiSet(TENANT, set.id)).toEqual(after);
    expect((await eventsOf(set.id)).map((e) => [e.version, e.set.name, e.set.indicators[0].weight])).toEqual([
      [1, 'KPI Phòng Tổng hợp 2026', 25],
      [2, 'KPI Phòng Tổng hợp 2026 (điều chỉnh)', 35],
    ]);
    const { rows } = await pool.query(
      `SELECT before->>'version' AS before, after->>'version' AS after FROM audit_log
        WHERE entity_type = 'kpi_set' AND entity_id = $1 ORDER BY id`,
      [set.id],
    );
    expect(rows).toEqual([
      { before: null, after: '1' },
      { before: '1', after: '2' },
    ]);
    // The same content again, as read back from the database: nothing to write.
    const again = await update(after, { name: after.name, indicators });
    expect(again.unchanged).toBe(true);
    expect(await eventsOf(set.id)).toHaveLength(2);
  });

  it('lets one of concurrent updates of a version through and answers the others with a version conflict', async () => {
    const { entity: set } = await create(unitSet(freshAgency()));
    const results = await Promise.allSettled(Array.from({ length: 5 }, (_, k) => update(set, { name: `Bản sửa ${k}` })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((x): x is PromiseRejectedResult => x.status === 'rejected'))
      expect(
        failureOf(() => {
          throw r.reason;
        }),
      ).toEqual({ reason: 'VERSION_CONFLICT', field: '' });
    const stored = await store.kpiSet(TENANT, set.id);
    expect(stored?.version).toBe(2);
    expect(await eventsOf(set.id)).toHaveLength(2);
  });

  it('pages through the sets by year and name, filtered, within the tenant', async () => {
    const owner = freshAgency();
    const position = randomUUID();
    for (const year of [2027, 2025, 2026]) await create(unitSet(owner, { year, name: `KPI ${year}` }));
    await create(unitSet({ ...owner, unitId: '' }, { year: 2026, name: 'A. KPI toàn Sở 2026' }));
    await create(
      unitSet(
        { ...owner, unitId: '' },
        { kind: 'POSITION_TEMPLATE', jobPositionId: position, name: 'Chuyên viên', indicators: individual() },
      ),
    );
    const all = async (filters: { year?: number; kind?: string; unitId?: string; jobPositionId?: string }, tenant = TENANT) => {
      const names: string[] = [];
      let pageToken = '';
      do {
        const q = planListKpiSets({
          pageSize: 2,
          pageToken,
          year: 0,
          kind: '',
          agencyId: owner.agencyId,
          unitId: '',
          jobPositionId: '',
          ...filters,
        });
        const page = await store.listKpiSets(tenant, q);
        names.push(...page.items.map((s) => `${s.year} ${s.name}`));
        pageToken = page.nextPageToken;
      } while (pageToken);
      return names;
    };
    expect(await all({})).toEqual(['2025 KPI 2025', '2026 A. KPI toàn Sở 2026', '2026 Chuyên viên', '2026 KPI 2026', '2027 KPI 2027']);
    expect(await all({ year: 2026, kind: 'UNIT' })).toEqual(['2026 A. KPI toàn Sở 2026', '2026 KPI 2026']);
    expect(await all({ unitId: owner.unitId })).toEqual(['2025 KPI 2025', '2026 KPI 2026', '2027 KPI 2027']);
    expect(await all({ jobPositionId: position })).toEqual(['2026 Chuyên viên']);
    expect(await all({}, 'another-province')).toEqual([]);
  });
});
