import type { Pool } from '@thuocdo/db';
import { type Actor, assetPath, type DirectoryRecord, type DomainError } from '@thuocdo/kit';
import { decodeEnvelope, decodePayload, EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { service } from '@thuocdo/registry';
import { execute } from '@thuocdo/service';
import { migratedTestDatabase } from '@thuocdo/testing';
import { actorFor, directoryWith, postRecords, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import {
  checkIn,
  createKeyResult,
  createObjective,
  type KeyResult,
  type KeyResultFieldsRequest,
  MAX_KEY_RESULTS,
  type Objective,
  type ObjectiveFieldsRequest,
  type ObjectiveLevel,
  type OkrDecision,
  parseCheckIn,
  parseCreateKeyResult,
  parseCreateObjective,
  parseUpdateObjective,
  planListCheckIns,
  planListObjectives,
  updateObjective,
} from '../src/domain/objective';
import { type ObjectiveNode, rollUp } from '../src/domain/progress';
import { objectiveEvents } from '../src/events/objective-events';
import { ObjectiveStore } from '../src/store/objective-store';

// Agency A with unit TOP and SUB under it; OFF_1 and OFF_2 work in SUB. Today is 2026-11-20.
const A = '0190f3a2-0a00-7000-8000-00000000000a';
const TOP = '0190f3a2-0a01-7000-8000-00000000000a';
const SUB = '0190f3a2-0a02-7000-8000-00000000000a';
const OFF_1 = '0190f3a2-0f01-7000-8000-00000000000a';
const OFF_2 = '0190f3a2-0f02-7000-8000-00000000000a';
const agency: DirectoryRecord = { kind: 'agency', id: A, version: 1, removed: false, value: { id: A, tenantId: TENANT } };
const directory = directoryWith([
  agency,
  unitRecord(TOP, A),
  unitRecord(SUB, A, TOP),
  ...postRecords(OFF_1, A, SUB),
  ...postRecords(OFF_2, A, SUB),
]);

const NODE: Record<ObjectiveLevel, string> = { TENANT: '', AGENCY: A, UNIT: SUB, INDIVIDUAL: OFF_1 };

describe('objective store (real PostgreSQL)', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: ObjectiveStore;
  const admin = actorFor('okr.manage', ['catalog_admin'], { directory });
  const reporter = actorFor('okr.check_in', ['catalog_admin'], { directory });

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('catalog_okr', assetPath('services/catalog/migrations')));
    store = new ObjectiveStore(pool, objectiveEvents(new EventEncoder('catalog', service('catalog').produces)));
  });
  afterAll(() => close());

  const run = <S, E>(actor: Actor, load: () => Promise<S>, decide: (s: S) => OkrDecision<E>) =>
    execute({ load, decide, save: (d) => store.save(d, actor) });

  const fields = (level: ObjectiveLevel, extra: Partial<ObjectiveFieldsRequest> = {}): ObjectiveFieldsRequest => ({
    level,
    nodeId: NODE[level],
    ownerOfficialId: level === 'INDIVIDUAL' ? '' : OFF_1,
    title: `Mục tiêu ${level.toLowerCase()}`,
    description: '',
    parentId: '',
    source: undefined,
    commitment: 'COMMITTED',
    period: { year: 2026, quarter: 0 },
    ...extra,
  });

  const create = async (level: ObjectiveLevel, extra: Partial<ObjectiveFieldsRequest> = {}) => {
    const input = parseCreateObjective(fields(level, extra));
    return (
      await run(
        admin,
        () => store.alignment(TENANT, input.parentId),
        (s) => createObjective(input, s, admin),
      )
    ).entity;
  };

  const addKeyResult = async (objectiveId: string, extra: Partial<KeyResultFieldsRequest> = {}) => {
    const input = parseCreateKeyResult({
      objectiveId,
      fields: {
        title: 'Hồ sơ giải quyết đúng hạn',
        kind: 'NUMBER',
        measureUnit: 'hồ sơ',
        start: 0,
        target: 100,
        direction: 'INCREASING',
        weight: 1,
        ...extra,
      },
    });
    return (
      await run(
        admin,
        async () => ({ objective: await store.objective(TENANT, objectiveId) }),
        (s) => createKeyResult(input, s, admin),
      )
    ).entity;
  };

  const report = (keyResultId: string, value: number, extra: { requestId?: string; checkInDate?: string; comment?: string } = {}) => {
    const input = parseCheckIn(
      { keyResultId, value, confidence: 0.7, comment: '', checkInDate: '', requestId: '', ...extra },
      reporter.today,
    );
    return run(
      reporter,
      () => store.checkInState(TENANT, input),
      (s) => checkIn(input, s, reporter),
    );
  };

  const move = async (id: string, parentId: string) => {
    const o = (await store.objective(TENANT, id))!;
    const edit = parseUpdateObjective({
      id,
      version: o.version,
      fields: fields(o.level, { nodeId: o.nodeId ?? '', title: o.title, parentId, period: o.period }),
    });
    return run(
      admin,
      () => store.objectiveState(TENANT, id, edit.parentId),
      (s) => updateObjective(edit, s, admin),
    );
  };

  const stored = async (ids: string[]) => {
    const { rows } = await pool.query(
      'SELECT id, progress, key_result_count, child_count, version FROM objective WHERE id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map((r) => [r.id as string, r]));
  };

  /** Events written since an outbox id, as [type, aggregate id, payload]. */
  const eventsSince = async (outboxId: number) => {
    const { rows } = await pool.query('SELECT envelope FROM outbox WHERE id > $1 ORDER BY id', [outboxId]);
    return rows.map((r) => decodeEnvelope(r.envelope));
  };
  const lastOutboxId = async () => (await pool.query('SELECT coalesce(max(id), 0)::int AS id FROM outbox')).rows[0].id as number;

  /** Tenant → agency → unit → two officials, each official with one key result from 0 to 100. */
  async function tree() {
    const root = await create('TENANT');
    const ag = await create('AGENCY', { parentId: root.id });
    const unit = await create('UNIT', { parentId: ag.id });
    const one = await create('INDIVIDUAL', { parentId: unit.id, nodeId: OFF_1 });
    const two = await create('INDIVIDUAL', { parentId: unit.id, nodeId: OFF_2 });
    const kr1 = await addKeyResult(one.id);
    const kr2 = await addKeyResult(two.id);
    return { root, ag, unit, one, two, kr1, kr2, ids: [root.id, ag.id, unit.id, one.id, two.id] };
  }

  /** Every objective's progress as rollUp works it out over the whole stored tree. */
  async function progressFromScratch(): Promise<Map<string, number | undefined>> {
    const [objectives, keyResults] = await Promise.all([
      pool.query('SELECT id, parent_id FROM objective'),
      pool.query('SELECT objective_id, kind, direction, start_value, target_value, current_value, weight FROM key_result'),
    ]);
    const nodes = new Map<string, ObjectiveNode>(
      objectives.rows.map((o) => [o.id, { id: o.id, parentId: o.parent_id, keyResults: [] } as ObjectiveNode]),
    );
    for (const k of keyResults.rows)
      nodes.get(k.objective_id)!.keyResults.push({
        kind: k.kind,
        direction: k.direction,
        start: k.start_value,
        target: k.target_value,
        current: k.current_value,
        weight: k.weight,
      });
    return rollUp([...nodes.values()]);
  }

  it('builds a tree from the tenant down, each parent counting its children, with events and audit rows', async () => {
    const before = await lastOutboxId();
    const t = await tree();
    expect([t.ag.agencyId, t.unit.agencyId, t.one.agencyId, t.one.ownerOfficialId]).toEqual([A, A, A, OFF_1]);
    const rows = await stored(t.ids);
    expect(t.ids.map((id) => [rows.get(id).child_count, rows.get(id).key_result_count])).toEqual([
      [1, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [0, 1],
    ]);
    // A key result at 0% gives its objective 0%, and so the unit, the agency and the tenant above it.
    expect(t.ids.map((id) => rows.get(id).progress)).toEqual([0, 0, 0, 0, 0]);
    const events = await eventsSince(before);
    expect(events.filter((e) => e.eventType === Events.KeyResultChanged.typeName).map((e) => e.aggregateId)).toEqual([t.kr1.id, t.kr2.id]);
    // Each objective's last event carries what is stored, version included.
    for (const id of t.ids) {
      const last = events.filter((e) => e.aggregateId === id).pop()!;
      expect([id, last.aggregateVersion]).toEqual([id, rows.get(id).version]);
    }
    const { rows: audit } = await pool.query(
      'SELECT entity_type, count(*)::int AS n FROM audit_log WHERE entity_id = ANY($1) GROUP BY entity_type ORDER BY entity_type',
      [[...t.ids, t.kr1.id, t.kr2.id]],
    );
    expect(audit).toEqual([
      { entity_type: 'key_result', n: 2 },
      { entity_type: 'objective', n: events.length - 2 },
    ]);
  });

  it('rolls a check-in up every ancestor in its transaction, publishing each objective whose progress changed', async () => {
    const t = await tree();
    const before = await lastOutboxId();
    const { entity } = await report(t.kr1.id, 50, { comment: 'Đã giải quyết 50 hồ sơ' });
    const rows = await stored(t.ids);
    // The official's 50%, the other's 0%: the unit and everything above it 25%.
    expect(t.ids.map((id) => rows.get(id).progress)).toEqual([0.25, 0.25, 0.25, 0.5, 0]);
    const events = await eventsSince(before);
    expect(events.map((e) => [e.eventType, e.aggregateId])).toEqual([
      [Events.KeyResultChanged.typeName, t.kr1.id],
      [Events.ObjectiveChanged.typeName, t.one.id],
      [Events.ObjectiveChanged.typeName, t.unit.id],
      [Events.ObjectiveChanged.typeName, t.ag.id],
      [Events.ObjectiveChanged.typeName, t.root.id],
    ]);
    const kr = decodePayload(events[0], Events.KeyResultChanged);
    expect(kr).toMatchObject({ keyResult: { current: 50, progress: 0.5 }, checkIn: { id: entity.id, value: 50 }, commitment: 1 });
    expect(decodePayload(events[4], Events.ObjectiveChanged).objective).toMatchObject({ id: t.root.id, progress: 0.25 });
    const { rows: audit } = await pool.query(
      'SELECT entity_type, entity_id FROM audit_log WHERE id > (SELECT max(id) - 6 FROM audit_log) ORDER BY id',
    );
    expect(audit.map((a) => a.entity_type)).toEqual([
      'key_result',
      'key_result_check_in',
      'objective',
      'objective',
      'objective',
      'objective',
    ]);

    // A check-in that changes nothing above the official's objective publishes nothing above it.
    const quiet = await lastOutboxId();
    await report(t.kr1.id, 50);
    expect((await eventsSince(quiet)).map((e) => e.eventType)).toEqual([Events.KeyResultChanged.typeName]);
  });

  it('answers a retried check-in with the one recorded, concurrent retries included, once', async () => {
    const t = await tree();
    const requestId = '0190f3a2-3000-7000-8000-0000000000aa';
    const first = await report(t.kr2.id, 30, { requestId });
    const retries = await Promise.all(Array.from({ length: 4 }, () => report(t.kr2.id, 30, { requestId })));
    expect(retries.map((r) => [r.entity.id, r.unchanged])).toEqual(Array(4).fill([first.entity.id, true]));
    const concurrentId = '0190f3a2-3000-7000-8000-0000000000ab';
    const together = await Promise.all(Array.from({ length: 4 }, () => report(t.kr2.id, 40, { requestId: concurrentId })));
    expect(new Set(together.map((r) => r.entity.id)).size).toBe(1);
    const { rows } = await pool.query(
      'SELECT request_id, count(*)::int AS n FROM key_result_check_in WHERE key_result_id = $1 GROUP BY 1 ORDER BY 1',
      [t.kr2.id],
    );
    expect(rows).toEqual([
      { request_id: requestId, n: 1 },
      { request_id: concurrentId, n: 1 },
    ]);
    await expect(report(t.kr2.id, 31, { requestId })).rejects.toMatchObject({ reason: 'ALREADY_EXISTS', field: 'request_id' });
  });

  it('leaves no stale parent when check-ins on sibling key results run at once', async () => {
    const root = await create('TENANT');
    const unit = await create('UNIT', { parentId: root.id });
    const siblings = await Promise.all(
      Array.from({ length: 8 }, (_, i) => create('INDIVIDUAL', { parentId: unit.id, title: `Cá nhân ${i}` })),
    );
    const krs = await Promise.all(siblings.map((s) => addKeyResult(s.id)));
    for (let round = 0; round < 3; round++) await Promise.all(krs.map((k, i) => report(k.id, ((i + 1) * 37 * (round + 1)) % 101)));
    const expected = await progressFromScratch();
    const rows = await stored([root.id, unit.id, ...siblings.map((s) => s.id)]);
    for (const [id, row] of rows) expect(Math.abs(row.progress - expected.get(id)!)).toBeLessThan(1e-12);
    const finals = krs.map((_, i) => (((i + 1) * 37 * 3) % 101) / 100);
    expect(rows.get(unit.id).progress).toBeCloseTo(finals.reduce((a, b) => a + b) / finals.length, 12);
  });

  it('keeps a key result and its tree consistent under a burst of check-ins on that one key result', async () => {
    const t = await tree();
    const outcomes = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => report(t.kr1.id, i * 10)));
    // Each either records its check-in or, having lost the race twice, is ABORTED for the caller to retry.
    for (const o of outcomes) if (o.status === 'rejected') expect((o.reason as DomainError).reason).toBe('VERSION_CONFLICT');
    const recorded = outcomes.filter((o) => o.status === 'fulfilled').length;
    expect(recorded).toBeGreaterThan(0);
    const { rows } = await pool.query(
      `SELECT k.current_value, (SELECT value FROM key_result_check_in c WHERE c.key_result_id = k.id ORDER BY check_in_date DESC, id DESC LIMIT 1) AS latest,
              (SELECT count(*)::int FROM key_result_check_in c WHERE c.key_result_id = k.id) AS n, k.version
         FROM key_result k WHERE k.id = $1`,
      [t.kr1.id],
    );
    expect(rows[0]).toEqual({ current_value: rows[0].latest, latest: rows[0].latest, n: recorded, version: 1 + recorded });
    const expected = await progressFromScratch();
    const now = await stored(t.ids);
    for (const id of t.ids) expect(Math.abs(now.get(id).progress - expected.get(id)!)).toBeLessThan(1e-12);
  });

  it('moves an objective: both parents are worked out again', async () => {
    const root = await create('TENANT');
    const left = await create('AGENCY', { parentId: root.id, title: 'Trái' });
    const right = await create('AGENCY', { parentId: root.id, title: 'Phải' });
    const done = await create('UNIT', { parentId: left.id, title: 'Xong' });
    const idle = await create('UNIT', { parentId: left.id, title: 'Chưa' });
    await report((await addKeyResult(done.id)).id, 100);
    await addKeyResult(idle.id);
    expect([...(await stored([left.id, right.id, root.id])).values()].map((r) => r.progress).sort()).toEqual([0.5, 0.5, null]);
    await move(done.id, right.id);
    const after = await stored([left.id, right.id, root.id]);
    expect([left.id, right.id, root.id].map((id) => [after.get(id).progress, after.get(id).child_count])).toEqual([
      [0, 1],
      [1, 1],
      [0.5, 2],
    ]);
  });

  it('lets only one of two crossing moves through: no cycle', async () => {
    const x = await create('AGENCY', { title: 'X' });
    const y = await create('AGENCY', { title: 'Y' });
    const results = await Promise.allSettled([move(x.id, y.id), move(y.id, x.id)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(['INVALID_FIELD', 'VERSION_CONFLICT']).toContain((refused.reason as DomainError).reason);
    const now = await stored([x.id, y.id]);
    const { rows } = await pool.query('SELECT id, parent_id FROM objective WHERE id = ANY($1::uuid[])', [[x.id, y.id]]);
    expect(rows.filter((r) => r.parent_id !== null)).toHaveLength(1);
    expect([...now.values()].map((r) => r.child_count).sort()).toEqual([0, 1]);
  });

  it(`never gives an objective more than ${MAX_KEY_RESULTS} key results, however many are added at once`, async () => {
    const o = await create('AGENCY', { title: 'Nhiều kết quả' });
    for (let i = 0; i < MAX_KEY_RESULTS - 2; i++) await addKeyResult(o.id, { title: `KR ${i}` });
    const outcomes = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => addKeyResult(o.id, { title: `Thêm ${i}` })));
    for (const r of outcomes)
      if (r.status === 'rejected') expect(['FAILED_PRECONDITION', 'VERSION_CONFLICT']).toContain((r.reason as DomainError).reason);
    const { rows } = await pool.query(
      'SELECT key_result_count, (SELECT count(*)::int FROM key_result WHERE objective_id = $1) AS n FROM objective WHERE id = $1',
      [o.id],
    );
    const added = outcomes.filter((r) => r.status === 'fulfilled').length;
    expect(added).toBeGreaterThan(0);
    expect(rows[0].n).toBe(MAX_KEY_RESULTS - 2 + added);
    expect(rows[0].n).toBeLessThanOrEqual(MAX_KEY_RESULTS);
    expect(rows[0].key_result_count).toBe(rows[0].n);
  });

  it('refuses an edit made on a version a roll-up has since replaced: ABORTED', async () => {
    const t = await tree();
    const unit = (await store.objective(TENANT, t.unit.id))!;
    await report(t.kr1.id, 80);
    const edit = parseUpdateObjective({
      id: unit.id,
      version: unit.version,
      fields: fields('UNIT', { title: 'Đổi tên', parentId: t.ag.id }),
    });
    await expect(
      run(
        admin,
        () => store.objectiveState(TENANT, unit.id, edit.parentId),
        (s) => updateObjective(edit, s, admin),
      ),
    ).rejects.toMatchObject({ reason: 'VERSION_CONFLICT' });
  });

  it('pages through roots, children and every objective of a period, by level, title (Vietnamese order) and id', async () => {
    const period = { year: 2031, quarter: 2 };
    const root = await create('TENANT', { period, title: 'Tỉnh' });
    for (const title of ['Đẩy mạnh chuyển đổi số', 'Dịch vụ công trực tuyến', 'Ánh sáng đô thị', 'Bảo đảm an ninh'])
      await create('AGENCY', { period, title, parentId: root.id });
    await create('AGENCY', { period, title: 'Cải cách hành chính' });
    const q = (extra: Record<string, unknown>) => ({
      pageSize: 2,
      pageToken: '',
      period,
      parentId: '',
      all: false,
      level: '',
      agencyId: '',
      ownerOfficialId: '',
      ...extra,
    });
    const titles = async (extra: Record<string, unknown>, tenantId = TENANT) => {
      const out: string[] = [];
      let pageToken = '';
      do {
        const page: { items: Objective[]; nextPageToken: string } = await store.listObjectives(
          tenantId,
          planListObjectives(q({ ...extra, pageToken })),
        );
        out.push(...page.items.map((o) => o.title));
        pageToken = page.nextPageToken;
      } while (pageToken);
      return out;
    };
    expect(await titles({})).toEqual(['Tỉnh', 'Cải cách hành chính']);
    expect(await titles({ parentId: root.id })).toEqual([
      'Ánh sáng đô thị',
      'Bảo đảm an ninh',
      'Dịch vụ công trực tuyến',
      'Đẩy mạnh chuyển đổi số',
    ]);
    expect(await titles({ all: true })).toEqual([
      'Tỉnh',
      'Ánh sáng đô thị',
      'Bảo đảm an ninh',
      'Cải cách hành chính',
      'Dịch vụ công trực tuyến',
      'Đẩy mạnh chuyển đổi số',
    ]);
    expect(await titles({ all: true, level: 'TENANT' })).toEqual(['Tỉnh']);
    expect((await titles({ all: true, agencyId: A })).length).toBe(5);
    expect(await titles({ all: true, ownerOfficialId: OFF_2 })).toEqual([]);
    expect(await titles({ all: true, period: { year: 2031, quarter: 3 } })).toEqual([]);
    expect(await titles({ all: true }, 'another-province')).toEqual([]);
    expect(await store.objective('another-province', root.id)).toBeUndefined();
  });

  it('pages through a key result’s check-ins, newest first', async () => {
    const t = await tree();
    for (const [day, value] of [
      ['2026-11-02', 10],
      ['2026-11-09', 20],
      ['2026-11-05', 15],
      ['2026-11-09', 25],
    ] as const)
      await report(t.kr2.id, value, { checkInDate: day });
    const values: number[] = [];
    let pageToken = '';
    do {
      const page = await store.listCheckIns(TENANT, planListCheckIns({ keyResultId: t.kr2.id, pageSize: 3, pageToken }));
      values.push(...page.items.map((c) => c.value));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(values).toEqual([25, 20, 15, 10]);
    const kr = (await store.keyResult(TENANT, t.kr2.id)) as KeyResult;
    expect([kr.current, kr.lastCheckInDate]).toEqual([25, '2026-11-09']);
    expect(
      (await store.listCheckIns('another-province', planListCheckIns({ keyResultId: t.kr2.id, pageSize: 0, pageToken: '' }))).items,
    ).toEqual([]);
  });
});
