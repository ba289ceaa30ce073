import { type Actor, type DirectoryRecord, type OrgDirectory, pageToken } from '@thuocdo/kit';
import {
  actorFor,
  directoryWith,
  failureOf,
  fieldOf,
  postRecords,
  TENANT,
  type TestGrant,
  unitRecord,
} from '@thuocdo/testing/src/domain-fixtures';
import fc from 'fast-check';
import {
  type Alignment,
  aggregatesOf,
  type CheckIn,
  checkIn,
  createKeyResult,
  createObjective,
  type KeyResult,
  type KeyResultFieldsRequest,
  MAX_ALIGNMENT_DEPTH,
  MAX_KEY_RESULTS,
  NO_ALIGNMENT,
  type Objective,
  type ObjectiveFieldsRequest,
  type ObjectiveLevel,
  objectiveCursor,
  parseCheckIn,
  parseCreateObjective,
  parseKeyResultFields,
  parseUpdateObjective,
  planListCheckIns,
  planListObjectives,
  updateKeyResult,
  updateObjective,
  withAggregates,
} from './objective';
import { type KeyResultMeasure, type ObjectiveNode, rollUp } from './progress';

// The province: agency A (units TOP and SUB under it) and agency B (unit UB). OFF_A works in
// SUB, OFF_B in UB, OWNER in TOP; RETIRED has left; DRIFTER holds no post. Today is 2026-11-20.
const A = '0190f3a2-0a00-7000-8000-000000000001';
const B = '0190f3a2-0b00-7000-8000-000000000001';
const TOP = '0190f3a2-0a01-7000-8000-000000000001';
const SUB = '0190f3a2-0a02-7000-8000-000000000001';
const CLOSED = '0190f3a2-0a03-7000-8000-000000000001';
const UB = '0190f3a2-0b01-7000-8000-000000000001';
const OFF_A = '0190f3a2-0f0a-7000-8000-000000000001';
const OFF_B = '0190f3a2-0f0b-7000-8000-000000000001';
const OWNER = '0190f3a2-0f00-7000-8000-000000000001';
const RETIRED = '0190f3a2-0f0e-7000-8000-000000000001';
const DRIFTER = '0190f3a2-0f0d-7000-8000-000000000001';
const UNKNOWN = '0190f3a2-dead-7000-8000-000000000001';
const O1 = '0190f3a2-1000-7000-8000-000000000001';
const PARENT = '0190f3a2-1000-7000-8000-000000000002';
const KR = '0190f3a2-2000-7000-8000-000000000001';
const NOW = new Date('2026-11-20T03:00:00Z');

const agency = (id: string): DirectoryRecord => ({ kind: 'agency', id, version: 1, removed: false, value: { id, tenantId: TENANT } });

function world(): OrgDirectory {
  const dir = directoryWith([
    agency(A),
    agency(B),
    unitRecord(TOP, A),
    unitRecord(SUB, A, TOP),
    unitRecord(UB, B),
    ...postRecords(OFF_A, A, SUB),
    ...postRecords(OFF_B, B, UB),
    ...postRecords(OWNER, A, TOP),
    ...postRecords(RETIRED, A, TOP),
    { kind: 'official', id: DRIFTER, version: 1, removed: false, value: { id: DRIFTER, tenantId: TENANT, idpSubject: null, active: true } },
  ]);
  const closed = unitRecord(CLOSED, A, TOP, '2020-01-01');
  if (closed.kind === 'unit') closed.value = { ...closed.value, validTo: '2026-01-01' };
  dir.apply(closed);
  dir.apply({
    kind: 'official',
    id: RETIRED,
    version: 2,
    removed: false,
    value: { id: RETIRED, tenantId: TENANT, idpSubject: null, active: false },
  });
  return dir;
}

type Who = 'catalog admin' | 'leader A' | 'head TOP' | 'head SUB' | 'head UB' | 'official A' | 'official B' | 'integrator A';
const GRANTS: Record<Who, { roles?: ['catalog_admin']; grants?: TestGrant[]; officialId?: string; serviceAccount?: boolean }> = {
  'catalog admin': { roles: ['catalog_admin'] },
  'leader A': { grants: [{ role: 'agency_leader', agencyId: A }] },
  'head TOP': { grants: [{ role: 'unit_head', unitId: TOP }] },
  'head SUB': { grants: [{ role: 'unit_head', unitId: SUB }] },
  'head UB': { grants: [{ role: 'unit_head', unitId: UB }] },
  'official A': { officialId: OFF_A },
  'official B': { officialId: OFF_B },
  'integrator A': { serviceAccount: true, grants: [{ role: 'integrator', agencyId: A }] },
};

/** The caller of an OKR write: okr.manage, or okr.check_in for check-ins. */
function as(who: Who, action: 'okr.manage' | 'okr.check_in' = 'okr.manage', dir = world()): Actor {
  const { roles = [], ...rest } = GRANTS[who];
  return actorFor(action, roles, { ...rest, clientId: 'eoffice', directory: dir }, NOW);
}
const ALL_CALLERS = Object.keys(GRANTS).filter((w) => w !== 'integrator A') as Who[];

const objective = (extra: Partial<Objective> = {}): Objective => ({
  id: O1,
  tenantId: TENANT,
  level: 'AGENCY',
  nodeId: A,
  agencyId: A,
  ownerOfficialId: OWNER,
  title: 'Nâng chỉ số cải cách hành chính (PAR Index) lên nhóm 10 tỉnh dẫn đầu',
  description: '',
  parentId: null,
  source: null,
  commitment: 'COMMITTED',
  period: { year: 2026, quarter: 0 },
  progress: null,
  keyResultCount: 0,
  childCount: 0,
  version: 3,
  createdBy: 'subject-0',
  createdAt: NOW,
  updatedAt: NOW,
  ...extra,
});

/** The node of an objective at each level, in agency A. */
const NODE: Record<ObjectiveLevel, string> = { TENANT: '', AGENCY: A, UNIT: SUB, INDIVIDUAL: OFF_A };

const fields = (extra: Partial<ObjectiveFieldsRequest> = {}): ObjectiveFieldsRequest => ({
  level: 'AGENCY',
  nodeId: A,
  ownerOfficialId: OWNER,
  title: ' Số hóa 100% hồ sơ thủ tục hành chính ',
  description: '',
  parentId: '',
  source: undefined,
  commitment: 'COMMITTED',
  period: { year: 2026, quarter: 0 },
  ...extra,
});

const atLevel = (level: ObjectiveLevel, extra: Partial<ObjectiveFieldsRequest> = {}) =>
  fields({ level, nodeId: NODE[level], ownerOfficialId: level === 'INDIVIDUAL' ? '' : OWNER, ...extra });

const keyResult = (extra: Partial<KeyResult> = {}): KeyResult => ({
  id: KR,
  tenantId: TENANT,
  objectiveId: O1,
  title: 'Hồ sơ trực tuyến toàn trình',
  kind: 'PERCENT',
  measureUnit: '%',
  start: 40,
  target: 90,
  current: 40,
  direction: 'INCREASING',
  weight: 2,
  confidence: 0.5,
  progress: 0,
  lastCheckInDate: null,
  version: 4,
  createdAt: NOW,
  updatedAt: NOW,
  ...extra,
});

const krFields = (extra: Partial<KeyResultFieldsRequest> = {}): KeyResultFieldsRequest => ({
  title: 'Hồ sơ trực tuyến toàn trình',
  kind: 'PERCENT',
  measureUnit: '%',
  start: 40,
  target: 90,
  direction: 'INCREASING',
  weight: 2,
  ...extra,
});

const outcome = (fn: () => unknown) => failureOf(fn) ?? 'ok';

// ---------------------------------------------------------------------------------------------

describe('the roll-up of one objective', () => {
  const m = (start: number, target: number, current: number, weight = 1): KeyResultMeasure & { weight: number } => ({
    kind: 'NUMBER',
    direction: target >= start ? 'INCREASING' : 'DECREASING',
    start,
    target,
    current,
    weight,
  });

  it('takes its own key results, weighted, whatever its children say', () => {
    expect(aggregatesOf([m(0, 100, 100, 3), m(0, 10, 0, 1)], [0, 0.2])).toEqual({ progress: 0.75, keyResultCount: 2, childCount: 2 });
  });

  it('without key results, is the mean of the children that have progress; none has none', () => {
    expect(aggregatesOf([], [0.2, null, 0.6])).toEqual({ progress: 0.4, keyResultCount: 0, childCount: 3 });
    expect(aggregatesOf([], [null, null])).toEqual({ progress: null, keyResultCount: 0, childCount: 2 });
    expect(aggregatesOf([], [])).toEqual({ progress: null, keyResultCount: 0, childCount: 0 });
  });

  it('worked out from the bottom, one objective at a time, gives what rollUp gives for the whole tree', () => {
    const tree = fc
      .array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.double({ min: -20, max: 120, noNaN: true }), fc.integer({ min: 1, max: 5 })), {
        minLength: 1,
        maxLength: 30,
      })
      .map((rows) =>
        // Each objective aligns to an earlier one; some carry key results, some only children.
        rows.map(([parent, krs, current, weight], i) => ({
          id: `o${i}`,
          parentId: i === 0 ? null : `o${parent % i}`,
          keyResults: Array.from({ length: krs }, (_, k) => m(0, 100, current + k * 7, weight)),
        })),
      );
    fc.assert(
      fc.property(tree, (nodes: ObjectiveNode[]) => {
        const whole = rollUp(nodes);
        const stored = new Map<string, number | null>();
        // Children have higher indexes than their parents: from the last to the first is bottom-up.
        for (const n of [...nodes].reverse()) {
          const children = nodes.filter((c) => c.parentId === n.id).map((c) => stored.get(c.id)!);
          stored.set(n.id, aggregatesOf(n.keyResults, children).progress);
        }
        return nodes.every((n) => Math.abs((stored.get(n.id) ?? -1) - (whole.get(n.id) ?? -1)) < 1e-12);
      }),
    );
  });

  it('makes a next version only when something changed', () => {
    const o = objective({ progress: 0.5, keyResultCount: 2, childCount: 1 });
    expect(withAggregates(o, { progress: 0.5, keyResultCount: 2, childCount: 1 }, NOW)).toBeUndefined();
    const later = new Date('2026-11-21T00:00:00Z');
    expect(withAggregates(o, { progress: 0.6, keyResultCount: 2, childCount: 1 }, later)).toEqual({
      ...o,
      progress: 0.6,
      version: 4,
      updatedAt: later,
    });
    expect(withAggregates(o, { progress: 0.5, keyResultCount: 2, childCount: 2 }, NOW)?.childCount).toBe(2);
  });
});

describe('parseCreateObjective', () => {
  it('reads a valid request: trims, defaults an official’s owner to the official', () => {
    expect(parseCreateObjective(fields())).toEqual({
      level: 'AGENCY',
      nodeId: A,
      ownerOfficialId: OWNER,
      title: 'Số hóa 100% hồ sơ thủ tục hành chính',
      description: '',
      parentId: null,
      source: null,
      commitment: 'COMMITTED',
      period: { year: 2026, quarter: 0 },
    });
    expect(parseCreateObjective(atLevel('INDIVIDUAL')).ownerOfficialId).toBe(OFF_A);
    expect(parseCreateObjective(atLevel('TENANT')).nodeId).toBeNull();
  });

  it('keeps a cited source: kind, number, date, title', () => {
    const source = { kind: 'RESOLUTION', number: ' 09-NQ/TU ', date: '2026-01-15', title: 'Về chuyển đổi số' };
    expect(parseCreateObjective(fields({ source })).source).toEqual({
      kind: 'RESOLUTION',
      number: '09-NQ/TU',
      date: '2026-01-15',
      title: 'Về chuyển đổi số',
    });
    expect(parseCreateObjective(fields({ source: { kind: '', number: '', date: '', title: '' } })).source).toBeNull();
    expect(parseCreateObjective(fields({ source: { kind: 'PLAN', number: '', date: '', title: 'Kế hoạch năm' } })).source?.date).toBeNull();
  });

  it.each<[Partial<ObjectiveFieldsRequest>, string]>([
    [{ level: '' }, 'level'],
    [{ level: 'PROVINCE' }, 'level'],
    [{ nodeId: '' }, 'node_id'],
    [{ nodeId: 'agency-a' }, 'node_id'],
    [{ level: 'TENANT', nodeId: A }, 'node_id'],
    [{ title: '  ' }, 'title'],
    [{ title: 'x'.repeat(301) }, 'title'],
    [{ title: 'a\u0000b' }, 'title'],
    [{ description: 'x'.repeat(4001) }, 'description'],
    [{ period: undefined }, 'period'],
    [{ period: { year: 1999, quarter: 0 } }, 'period.year'],
    [{ period: { year: 2101, quarter: 0 } }, 'period.year'],
    [{ period: { year: 2026, quarter: 5 } }, 'period.quarter'],
    [{ period: { year: 2026, quarter: -1 } }, 'period.quarter'],
    [{ period: { year: 2026.5, quarter: 1 } }, 'period.year'],
    [{ commitment: '' }, 'commitment'],
    [{ commitment: 'MAYBE' }, 'commitment'],
    [{ source: { kind: '', number: '09-NQ/TU', date: '', title: '' } }, 'source.kind'],
    [{ source: { kind: 'RESOLUTION', number: '09', date: '2026-02-30', title: '' } }, 'source.date'],
    [{ source: { kind: 'RESOLUTION', number: '09', date: '15/01/2026', title: '' } }, 'source.date'],
    [{ source: { kind: 'RESOLUTION', number: '', date: '2026-01-15', title: '' } }, 'source.number'],
    [{ source: { kind: 'PLAN', number: 'x'.repeat(51), date: '', title: '' } }, 'source.number'],
    [{ ownerOfficialId: '' }, 'owner_official_id'],
    [{ ownerOfficialId: 'me' }, 'owner_official_id'],
    [{ parentId: 'parent' }, 'parent_id'],
  ])('names the field for %j', (change, field) => {
    expect(fieldOf(() => parseCreateObjective(fields(change)))).toBe(field);
  });

  it('refuses an owner of an official’s objective other than the official, and no fields at all', () => {
    expect(fieldOf(() => parseCreateObjective(atLevel('INDIVIDUAL', { ownerOfficialId: OWNER })))).toBe('owner_official_id');
    expect(fieldOf(() => parseCreateObjective(atLevel('INDIVIDUAL', { ownerOfficialId: OFF_A })))).toBeUndefined();
    expect(fieldOf(() => parseCreateObjective(undefined))).toBe('fields');
  });
});

describe('who may create an objective at each level', () => {
  const create = (who: Who, level: ObjectiveLevel, extra: Partial<ObjectiveFieldsRequest> = {}) =>
    outcome(() => createObjective(parseCreateObjective(atLevel(level, extra)), NO_ALIGNMENT, as(who)));
  const allowed = (level: ObjectiveLevel, extra: Partial<ObjectiveFieldsRequest> = {}) =>
    ALL_CALLERS.filter((w) => create(w, level, extra) === 'ok');

  it('the tenant’s: catalog administrators over the tenant only', () => {
    expect(allowed('TENANT')).toEqual(['catalog admin']);
  });

  it('an agency’s: its leader (not another’s) and tenant-wide administrators', () => {
    expect(allowed('AGENCY')).toEqual(['catalog admin', 'leader A']);
    expect(allowed('AGENCY', { nodeId: B })).toEqual(['catalog admin']);
  });

  it('a unit’s: the heads of it or a unit above it, its agency’s leader', () => {
    expect(allowed('UNIT')).toEqual(['catalog admin', 'leader A', 'head TOP', 'head SUB']);
    expect(allowed('UNIT', { nodeId: TOP })).toEqual(['catalog admin', 'leader A', 'head TOP']);
    expect(allowed('UNIT', { nodeId: UB })).toEqual(['catalog admin', 'head UB']);
  });

  it('an official’s: the official, the managers over their post today', () => {
    expect(allowed('INDIVIDUAL')).toEqual(['catalog admin', 'leader A', 'head TOP', 'head SUB', 'official A']);
    expect(allowed('INDIVIDUAL', { nodeId: OFF_B })).toEqual(['catalog admin', 'head UB', 'official B']);
  });

  it('refuses with PERMISSION_DENIED, naming no field', () => {
    expect(create('official B', 'INDIVIDUAL')).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
  });

  it('records the node’s agency: the unit’s, the official’s main post’s', () => {
    const admin = as('catalog admin');
    const made = (level: ObjectiveLevel, nodeId: string) =>
      createObjective(parseCreateObjective(atLevel(level, { nodeId })), NO_ALIGNMENT, admin).entity;
    expect(made('TENANT', '').agencyId).toBeNull();
    expect(made('AGENCY', B).agencyId).toBe(B);
    expect(made('UNIT', UB).agencyId).toBe(B);
    expect(made('INDIVIDUAL', OFF_B)).toMatchObject({ agencyId: B, nodeId: OFF_B, ownerOfficialId: OFF_B });
  });

  it('refuses nodes the directory does not know, to tenant-wide callers by name and to others as out of reach', () => {
    expect(create('catalog admin', 'AGENCY', { nodeId: UNKNOWN })).toEqual({ reason: 'INVALID_FIELD', field: 'node_id' });
    expect(create('catalog admin', 'UNIT', { nodeId: UNKNOWN })).toEqual({ reason: 'INVALID_FIELD', field: 'node_id' });
    expect(create('catalog admin', 'INDIVIDUAL', { nodeId: UNKNOWN })).toEqual({ reason: 'INVALID_FIELD', field: 'node_id' });
    expect(create('head TOP', 'UNIT', { nodeId: UNKNOWN })).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
    expect(create('leader A', 'INDIVIDUAL', { nodeId: UNKNOWN })).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
  });

  it('refuses a unit no longer in force and an official with no post: FAILED_PRECONDITION', () => {
    expect(create('catalog admin', 'UNIT', { nodeId: CLOSED })).toEqual({ reason: 'FAILED_PRECONDITION', field: 'node_id' });
    expect(create('catalog admin', 'INDIVIDUAL', { nodeId: DRIFTER })).toEqual({ reason: 'FAILED_PRECONDITION', field: 'node_id' });
  });

  it('needs an owner known to the directory and still at work', () => {
    expect(create('leader A', 'AGENCY', { ownerOfficialId: UNKNOWN })).toEqual({ reason: 'INVALID_FIELD', field: 'owner_official_id' });
    expect(create('leader A', 'AGENCY', { ownerOfficialId: RETIRED })).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'owner_official_id',
    });
  });

  it('decides a new objective with no progress yet, its event, and its parent to work out again', () => {
    const actor = as('leader A');
    const parent = objective({ id: PARENT, level: 'TENANT', nodeId: null, agencyId: null });
    const d = createObjective(parseCreateObjective(fields({ parentId: PARENT })), { parent, ancestors: [PARENT] }, actor);
    expect(d.entity).toMatchObject({
      tenantId: TENANT,
      level: 'AGENCY',
      parentId: PARENT,
      progress: null,
      keyResultCount: 0,
      childCount: 0,
      version: 1,
      createdBy: actor.principal.subject,
      createdAt: NOW,
    });
    expect(d.events).toEqual([{ type: 'objective', before: null, after: d.entity }]);
    expect(d.recompute).toEqual([PARENT]);
    expect(createObjective(parseCreateObjective(fields()), NO_ALIGNMENT, actor).recompute).toEqual([]);
  });
});

describe('alignment', () => {
  const admin = () => as('catalog admin');
  const align = (child: Partial<ObjectiveFieldsRequest>, parent: Partial<Objective> | undefined, ancestors = 1) =>
    outcome(() =>
      createObjective(
        parseCreateObjective(fields({ parentId: PARENT, ...child })),
        {
          parent: parent && objective({ id: PARENT, ...parent }),
          ancestors: [PARENT, ...Array.from({ length: ancestors - 1 }, (_, i) => `ancestor-${i}`)],
        },
        admin(),
      ),
    );
  const year = { year: 2026, quarter: 0 };
  const q2 = { year: 2026, quarter: 2 };

  it('needs the parent to exist (the store reads it within the tenant)', () => {
    expect(align({}, undefined)).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
  });

  it('goes to a parent of the same level or above', () => {
    expect(align({}, { level: 'TENANT', nodeId: null })).toBe('ok');
    expect(align({}, { level: 'AGENCY' })).toBe('ok');
    expect(align({}, { level: 'UNIT', nodeId: TOP })).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
    expect(align({}, { level: 'INDIVIDUAL', nodeId: OFF_A })).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
  });

  it('goes to the same period, or from a quarter to its year, never the other way nor across years', () => {
    expect(align({ period: year }, { period: year })).toBe('ok');
    expect(align({ period: q2 }, { period: q2 })).toBe('ok');
    expect(align({ period: q2 }, { period: year })).toBe('ok');
    expect(align({ period: year }, { period: q2 })).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
    expect(align({ period: q2 }, { period: { year: 2026, quarter: 3 } })).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
    expect(align({ period: { year: 2027, quarter: 1 } }, { period: year })).toEqual({ reason: 'INVALID_FIELD', field: 'parent_id' });
  });

  it(`keeps chains within ${MAX_ALIGNMENT_DEPTH} objectives`, () => {
    expect(align({}, {}, MAX_ALIGNMENT_DEPTH - 1)).toBe('ok');
    expect(align({}, {}, MAX_ALIGNMENT_DEPTH)).toEqual({ reason: 'FAILED_PRECONDITION', field: 'parent_id' });
  });
});

describe('updateObjective', () => {
  const edit = (extra: Partial<ObjectiveFieldsRequest> = {}, version = 3) =>
    parseUpdateObjective({ id: O1, version, fields: fields({ title: objective().title, ...extra }) });
  const state = (o: Partial<Objective> = {}, alignment: Alignment = NO_ALIGNMENT, height = 1, keyResults: KeyResult[] = []) => ({
    objective: objective(o),
    keyResults,
    alignment,
    height,
  });
  const update = (who: Who, e = edit(), s = state()) => outcome(() => updateObjective(e, s, as(who)));

  it('answers NOT_FOUND for a missing objective or another tenant’s', () => {
    expect(outcome(() => updateObjective(edit(), { keyResults: [], alignment: NO_ALIGNMENT, height: 1 }, as('catalog admin')))).toEqual({
      reason: 'NOT_FOUND',
      field: 'id',
    });
    expect(update('catalog admin', edit(), state({ tenantId: 'another-province' }))).toEqual({ reason: 'NOT_FOUND', field: 'id' });
  });

  it('is for those who manage its node', () => {
    expect(ALL_CALLERS.filter((w) => update(w, edit({ title: 'Mới' })) === 'ok')).toEqual(['catalog admin', 'leader A']);
    const mine = state({ level: 'INDIVIDUAL', nodeId: OFF_A, ownerOfficialId: OFF_A });
    const e = edit({ level: '', nodeId: '', ownerOfficialId: '', title: 'Mới' });
    expect(ALL_CALLERS.filter((w) => update(w, e, mine) === 'ok')).toEqual([
      'catalog admin',
      'leader A',
      'head TOP',
      'head SUB',
      'official A',
    ]);
  });

  it('refuses a stale version with VERSION_CONFLICT, and answers a repeat as unchanged', () => {
    expect(update('leader A', edit({ title: 'Mới' }, 2))).toEqual({ reason: 'VERSION_CONFLICT', field: '' });
    const d = updateObjective(edit(), state(), as('leader A'));
    expect(d.unchanged).toBe(true);
    expect(d.entity).toEqual(objective());
  });

  it('keeps level, node and period as created', () => {
    expect(update('catalog admin', edit({ level: 'UNIT' }))).toEqual({ reason: 'INVALID_FIELD', field: 'level' });
    expect(update('catalog admin', edit({ nodeId: B }))).toEqual({ reason: 'INVALID_FIELD', field: 'node_id' });
    expect(update('catalog admin', edit({ period: { year: 2026, quarter: 1 } }))).toEqual({ reason: 'INVALID_FIELD', field: 'period' });
    expect(update('catalog admin', edit({ level: '', nodeId: '', period: undefined, title: 'Mới' }))).toBe('ok');
  });

  it('edits title, description, source and owner as a next version, and republishes nothing else', () => {
    const source = { kind: 'PROGRAMME', number: '15-CTr/TU', date: '2026-03-01', title: '' };
    const d = updateObjective(edit({ title: 'Mới', description: 'Chi tiết', source, ownerOfficialId: OFF_A }), state(), as('leader A'));
    expect(d.entity).toMatchObject({ title: 'Mới', description: 'Chi tiết', ownerOfficialId: OFF_A, version: 4, updatedAt: NOW });
    expect(d.entity.source).toEqual({ kind: 'PROGRAMME', number: '15-CTr/TU', date: '2026-03-01', title: '' });
    expect(d.events).toEqual([{ type: 'objective', before: objective(), after: d.entity }]);
    expect(d.recompute).toEqual([]);
    expect(update('leader A', edit({ ownerOfficialId: RETIRED }))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'owner_official_id' });
  });

  it('moves it under another parent: both parents are worked out again; no cycles, no chain too deep', () => {
    const parent = objective({ id: PARENT, level: 'TENANT', nodeId: null, agencyId: null });
    const d = updateObjective(
      edit({ parentId: PARENT }),
      state({ parentId: 'old-parent' }, { parent, ancestors: [PARENT] }),
      as('catalog admin'),
    );
    expect(d.entity.parentId).toBe(PARENT);
    expect(d.recompute).toEqual(['old-parent', PARENT]);
    const unaligned = updateObjective(edit({ parentId: '' }), state({ parentId: PARENT }), as('catalog admin'));
    expect([unaligned.entity.parentId, unaligned.recompute]).toEqual([null, [PARENT]]);
    // Its parent would be itself, or one of its own descendants.
    const self = objective({ id: O1, level: 'TENANT' });
    expect(update('catalog admin', edit({ parentId: O1 }), state({}, { parent: self, ancestors: [O1] }))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'parent_id',
    });
    expect(update('catalog admin', edit({ parentId: PARENT }), state({}, { parent, ancestors: [PARENT, 'x', O1, 'top'] }))).toEqual({
      reason: 'INVALID_FIELD',
      field: 'parent_id',
    });
    // Its own subtree counts: a parent 4 deep and a subtree 7 deep make 11.
    const deep = { parent, ancestors: [PARENT, 'a', 'b', 'c'] };
    expect(update('catalog admin', edit({ parentId: PARENT }), state({}, deep, 6))).toBe('ok');
    expect(update('catalog admin', edit({ parentId: PARENT }), state({}, deep, 7))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'parent_id',
    });
  });

  it('tells consumers of its key results when its commitment changes', () => {
    const krs = [keyResult(), keyResult({ id: 'kr-2', version: 1 })];
    const d = updateObjective(edit({ commitment: 'ASPIRATIONAL' }), state({}, NO_ALIGNMENT, 1, krs), as('leader A'));
    expect(d.events.map((e) => [e.type, e.after.id, e.after.version, e.type === 'key_result' ? e.commitment : ''])).toEqual([
      ['objective', O1, 4, ''],
      ['key_result', KR, 5, 'ASPIRATIONAL'],
      ['key_result', 'kr-2', 2, 'ASPIRATIONAL'],
    ]);
  });

  it('reads version, id and fields, naming each', () => {
    expect(fieldOf(() => parseUpdateObjective({ id: 'x', version: 1, fields: fields() }))).toBe('id');
    expect(fieldOf(() => parseUpdateObjective({ id: O1, version: 0, fields: fields() }))).toBe('version');
    expect(fieldOf(() => parseUpdateObjective({ id: O1, version: 1, fields: undefined }))).toBe('fields');
    expect(fieldOf(() => parseUpdateObjective({ id: O1, version: 1, fields: fields({ title: '' }) }))).toBe('title');
  });
});

describe('key results', () => {
  it.each<[Partial<KeyResultFieldsRequest>, string]>([
    [{ title: '' }, 'title'],
    [{ title: 'x'.repeat(301) }, 'title'],
    [{ kind: '' }, 'kind'],
    [{ kind: 'RATIO' }, 'kind'],
    [{ direction: '' }, 'direction'],
    [{ start: Number.NaN }, 'start'],
    [{ start: Number.NEGATIVE_INFINITY }, 'start'],
    [{ target: Number.POSITIVE_INFINITY }, 'target'],
    [{ target: 120 }, 'target'],
    [{ target: 30 }, 'target'],
    [{ direction: 'DECREASING' }, 'target'],
    [{ kind: 'MILESTONE', start: 0, target: 2, direction: '' }, 'target'],
    [{ kind: 'MILESTONE', start: 1, target: 1, direction: '' }, 'target'],
    [{ kind: 'MILESTONE', start: 0, target: 1, direction: 'DECREASING' }, 'target'],
    [{ weight: 101 }, 'weight'],
    [{ weight: -1 }, 'weight'],
    [{ weight: 1.5 }, 'weight'],
    [{ measureUnit: 'x'.repeat(51) }, 'measure_unit'],
  ])('names the field for %j', (change, field) => {
    expect(fieldOf(() => parseKeyResultFields(krFields(change)))).toBe(field);
  });

  it('reads a milestone from 0 to 1 (increasing unless told), a weight of 0 as 1, a decreasing number', () => {
    expect(parseKeyResultFields(krFields({ kind: 'MILESTONE', start: 0, target: 1, direction: '', weight: 0 }))).toMatchObject({
      kind: 'MILESTONE',
      direction: 'INCREASING',
      weight: 1,
    });
    expect(parseKeyResultFields(krFields({ kind: 'CURRENCY', start: 5e9, target: 2e9, direction: 'DECREASING' }))).toMatchObject({
      start: 5e9,
      target: 2e9,
    });
    expect(fieldOf(() => parseKeyResultFields(undefined))).toBe('fields');
  });

  const add = (who: Who, o: Partial<Objective> = {}) =>
    outcome(() => createKeyResult({ objectiveId: O1, fields: parseKeyResultFields(krFields()) }, { objective: objective(o) }, as(who)));

  it('are added by those who manage the objective’s node', () => {
    expect(ALL_CALLERS.filter((w) => add(w) === 'ok')).toEqual(['catalog admin', 'leader A']);
    const individual = { level: 'INDIVIDUAL' as const, nodeId: OFF_B, agencyId: B };
    expect(ALL_CALLERS.filter((w) => add(w, individual) === 'ok')).toEqual(['catalog admin', 'head UB', 'official B']);
    expect(ALL_CALLERS.filter((w) => add(w, { level: 'UNIT', nodeId: SUB }) === 'ok')).toEqual([
      'catalog admin',
      'leader A',
      'head TOP',
      'head SUB',
    ]);
  });

  it(`start at their start with confidence 0.5; at most ${MAX_KEY_RESULTS} an objective (FAILED_PRECONDITION)`, () => {
    const o = objective({ keyResultCount: 3, commitment: 'ASPIRATIONAL' });
    const d = createKeyResult({ objectiveId: O1, fields: parseKeyResultFields(krFields()) }, { objective: o }, as('leader A'));
    expect(d.entity).toMatchObject({ objectiveId: O1, current: 40, confidence: 0.5, progress: 0, lastCheckInDate: null, version: 1 });
    expect(d.events).toEqual([
      { type: 'key_result', before: null, after: d.entity, commitment: 'ASPIRATIONAL', checkIn: null, keyResultsBefore: 3 },
    ]);
    expect(d.recompute).toEqual([O1]);
    expect(add('leader A', { keyResultCount: MAX_KEY_RESULTS })).toEqual({ reason: 'FAILED_PRECONDITION', field: 'objective_id' });
    expect(outcome(() => createKeyResult({ objectiveId: O1, fields: parseKeyResultFields(krFields()) }, {}, as('leader A')))).toEqual({
      reason: 'NOT_FOUND',
      field: 'objective_id',
    });
  });

  const change = (k: Partial<KeyResult>, f: Partial<KeyResultFieldsRequest>, version = 4, who: Who = 'leader A') =>
    updateKeyResult(
      { id: KR, version, fields: parseKeyResultFields(krFields(f)) },
      { keyResult: keyResult(k), objective: objective() },
      as(who),
    );

  it('are edited as a next version: before any check-in their current value follows the start', () => {
    const d = change({}, { start: 50, target: 100, weight: 5 });
    expect(d.entity).toMatchObject({ start: 50, target: 100, current: 50, weight: 5, version: 5, progress: 0 });
    expect(d.recompute).toEqual([O1]);
    const checked = change({ current: 75, lastCheckInDate: '2026-10-01', progress: 0.7 }, { start: 50, target: 100 });
    expect(checked.entity).toMatchObject({ current: 75, progress: 0.5 });
    expect(change({}, {}).unchanged).toBe(true);
  });

  it('refuse a stale version, callers out of reach, and a new kind once checked in', () => {
    expect(outcome(() => change({}, { title: 'Khác' }, 3))).toEqual({ reason: 'VERSION_CONFLICT', field: '' });
    expect(outcome(() => change({}, { title: 'Khác' }, 4, 'head TOP'))).toEqual({ reason: 'PERMISSION_DENIED', field: '' });
    expect(outcome(() => change({ lastCheckInDate: '2026-10-01' }, { kind: 'NUMBER', target: 90 }))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'kind',
    });
    expect(outcome(() => change({}, { kind: 'NUMBER' }))).toBe('ok');
    expect(outcome(() => updateKeyResult({ id: KR, version: 4, fields: parseKeyResultFields(krFields()) }, {}, as('leader A')))).toEqual({
      reason: 'NOT_FOUND',
      field: 'id',
    });
  });
});

describe('check-ins', () => {
  const request = {
    keyResultId: KR,
    value: 65,
    confidence: 0.8,
    comment: ' Đã số hóa thêm 25% hồ sơ ',
    checkInDate: '',
    requestId: '0190f3a2-3000-7000-8000-000000000001',
  };
  const TODAY = '2026-11-20';

  it('read a value, a confidence, a comment and a date (today when empty)', () => {
    expect(parseCheckIn(request, TODAY)).toEqual({
      keyResultId: KR,
      value: 65,
      confidence: 0.8,
      comment: 'Đã số hóa thêm 25% hồ sơ',
      checkInDate: TODAY,
      requestId: '0190f3a2-3000-7000-8000-000000000001',
    });
    expect(parseCheckIn({ ...request, requestId: '', checkInDate: '2026-10-31' }, TODAY)).toMatchObject({
      checkInDate: '2026-10-31',
      requestId: null,
    });
  });

  it.each<[Partial<typeof request>, string]>([
    [{ keyResultId: '' }, 'key_result_id'],
    [{ value: Number.NaN }, 'value'],
    [{ value: Number.POSITIVE_INFINITY }, 'value'],
    [{ confidence: -0.1 }, 'confidence'],
    [{ confidence: 1.01 }, 'confidence'],
    [{ confidence: Number.NaN }, 'confidence'],
    [{ comment: 'x'.repeat(2001) }, 'comment'],
    [{ checkInDate: '2026-11-21' }, 'check_in_date'],
    [{ checkInDate: '2026-13-01' }, 'check_in_date'],
    [{ checkInDate: '1999-12-31' }, 'check_in_date'],
    [{ requestId: 'retry-1' }, 'request_id'],
  ])('name the field for %j', (change, field) => {
    expect(fieldOf(() => parseCheckIn({ ...request, ...change }, TODAY))).toBe(field);
  });

  const record = (
    c: Partial<typeof request> = {},
    k: Partial<KeyResult> = {},
    who: Who = 'official A',
    o: Partial<Objective> = { level: 'INDIVIDUAL', nodeId: OFF_A, ownerOfficialId: OFF_A },
    sameRequest?: CheckIn,
  ) =>
    checkIn(
      parseCheckIn({ ...request, ...c }, TODAY),
      { keyResult: keyResult(k), objective: objective(o), sameRequest },
      as(who, 'okr.check_in'),
    );

  it('set the key result’s current value, confidence, date and progress, and name the objective to work out again', () => {
    const d = record();
    expect(d.entity).toMatchObject({ keyResultId: KR, value: 65, confidence: 0.8, checkInDate: TODAY, tenantId: TENANT });
    const after = d.events[0].after as KeyResult;
    expect(after).toMatchObject({ current: 65, confidence: 0.8, lastCheckInDate: TODAY, progress: 0.5, version: 5 });
    expect(d.events).toEqual([{ type: 'key_result', before: keyResult(), after, commitment: 'COMMITTED', checkIn: d.entity }]);
    expect(d.recompute).toEqual([O1]);
  });

  it('dated before the latest only add to the history; the same day, the later one wins', () => {
    const k = { current: 80, confidence: 0.9, lastCheckInDate: '2026-11-10', progress: 0.8 };
    const older = record({ checkInDate: '2026-11-01' }, k).events[0].after;
    expect(older).toMatchObject({ current: 80, confidence: 0.9, lastCheckInDate: '2026-11-10', progress: 0.8, version: 5 });
    const sameDay = record({ checkInDate: '2026-11-10', value: 90 }, k).events[0].after;
    expect(sameDay).toMatchObject({ current: 90, lastCheckInDate: '2026-11-10', progress: 1 });
  });

  it('take values the kind allows: a milestone 0 or 1, a percentage 0–100', () => {
    const milestone = { kind: 'MILESTONE' as const, start: 0, target: 1, current: 0, measureUnit: '' };
    expect(record({ value: 1 }, milestone).events[0].after.progress).toBe(1);
    expect(outcome(() => record({ value: 0.5 }, milestone))).toEqual({ reason: 'INVALID_FIELD', field: 'value' });
    expect(outcome(() => record({ value: 101 }))).toEqual({ reason: 'INVALID_FIELD', field: 'value' });
    expect(outcome(() => record({ value: -3 }, { kind: 'NUMBER' }))).toBe('ok');
  });

  it('answer a retry with the check-in recorded, and refuse the request id for other content', () => {
    const first = record().entity;
    const again = record({}, {}, 'official A', undefined, first);
    expect(again).toEqual({ entity: first, events: [], unchanged: true });
    expect(outcome(() => record({ value: 70 }, {}, 'official A', undefined, first))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'request_id',
    });
  });

  it('are made by the official, the managers over them and integrators of their agency', () => {
    const callers = [...ALL_CALLERS, 'integrator A'] as Who[];
    expect(callers.filter((w) => outcome(() => record({}, {}, w)) === 'ok')).toEqual([
      'catalog admin',
      'leader A',
      'head TOP',
      'head SUB',
      'official A',
      'integrator A',
    ]);
    const ofB = { level: 'INDIVIDUAL' as const, nodeId: OFF_B, agencyId: B };
    expect(callers.filter((w) => outcome(() => record({}, {}, w, ofB)) === 'ok')).toEqual(['catalog admin', 'head UB', 'official B']);
    expect(outcome(() => record({}, {}, 'integrator A', { level: 'TENANT', nodeId: null }))).toEqual({
      reason: 'PERMISSION_DENIED',
      field: '',
    });
  });

  it('are all integrators may write: okr.manage grants them nothing', () => {
    expect(() => as('integrator A', 'okr.manage')).toThrow(/no scope/);
  });

  it('answer NOT_FOUND for a key result of another tenant', () => {
    expect(outcome(() => record({}, { tenantId: 'another-province' }, 'catalog admin'))).toEqual({
      reason: 'NOT_FOUND',
      field: 'key_result_id',
    });
  });
});

describe('lists', () => {
  const list = (extra: Record<string, unknown> = {}) =>
    planListObjectives({
      pageSize: 0,
      pageToken: '',
      period: { year: 2026, quarter: 2 },
      parentId: '',
      all: false,
      level: '',
      agencyId: '',
      ownerOfficialId: '',
      ...extra,
    });

  it('list a period’s roots, an objective’s children, or all', () => {
    expect(list().filters).toEqual({
      period: { year: 2026, quarter: 2 },
      parentId: null,
      all: false,
      level: null,
      agencyId: null,
      ownerOfficialId: null,
    });
    expect(list({ parentId: PARENT, level: 'UNIT', agencyId: A }).filters).toMatchObject({ parentId: PARENT, level: 'UNIT', agencyId: A });
    expect(list().page).toEqual({ size: 50, after: null });
  });

  it.each<[Record<string, unknown>, string]>([
    [{ period: undefined }, 'period'],
    [{ period: { year: 1990, quarter: 0 } }, 'period.year'],
    [{ period: { year: 2026, quarter: 7 } }, 'period.quarter'],
    [{ parentId: 'p' }, 'parent_id'],
    [{ all: true, parentId: PARENT }, 'parent_id'],
    [{ level: 'X' }, 'level'],
    [{ agencyId: 'a' }, 'agency_id'],
    [{ ownerOfficialId: 'o' }, 'owner_official_id'],
    [{ pageSize: 1001 }, 'page_size'],
    [{ pageToken: 'garbage' }, 'page_token'],
  ])('name the field for %j', (change, field) => {
    expect(fieldOf(() => list(change))).toBe(field);
  });

  it('page by level, title and id, with a token bound to the filters', () => {
    const q = list();
    const token = pageToken(objectiveCursor(objective({ level: 'UNIT', title: 'Tổ 1' })), q.filters);
    expect(list({ pageToken: token }).page.after).toEqual(['3', 'Tổ 1', O1]);
    expect(fieldOf(() => list({ pageToken: token, level: 'UNIT' }))).toBe('page_token');
  });

  it('of check-ins name the key result', () => {
    expect(planListCheckIns({ keyResultId: KR, pageSize: 10, pageToken: '' })).toEqual({
      filters: { keyResultId: KR },
      page: { size: 10, after: null },
    });
    expect(fieldOf(() => planListCheckIns({ keyResultId: '', pageSize: 0, pageToken: '' }))).toBe('key_result_id');
  });
});
